package appreg.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one Jackson mapper for output, pretty and stable. JSON's own encoding already escapes the C0 controls; this
 * mapper also writes DEL, the C1 controls and the bidirectional controls of {@link Untrusted} as {@code \}{@code uXXXX},
 * so a document printed on a terminal cannot drive it either, and a parser reads back exactly the tenant's text.
 */
public final class Json {
  private Json() {}

  public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static {
    MAPPER.getFactory().setCharacterEscapes(new TerminalSafe());
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static void print(PrintWriter out, Object node) {
    try {
      out.println(MAPPER.writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes one item of a streamed array straight to the generator: no tree, no serializer look-up per item. */
  @FunctionalInterface
  public interface ItemWriter<T> {
    void write(JsonGenerator g, T item) throws IOException;
  }

  /**
   * Writes items {@code from} to {@code to} (exclusive) of a streamed array as UTF-8, each after an earlier item, so
   * the separator first: exactly the bytes the generator would write for them there, {@code nesting} being the pretty
   * printer's level inside the array. May be called from several threads at once; must only read.
   */
  @FunctionalInterface
  public interface BlockWriter {
    void write(int from, int to, int nesting, JsonBytes out) throws IOException;
  }

  /**
   * Prints {@code document} as {@link #print} would, except that the array {@code placeholder} (an empty array
   * somewhere in it) is written with {@code items}, each written by {@code render} just when its turn comes: a report
   * of 180,000 findings never exists as one tree or one string, and no finding is built as a tree either. The bytes
   * are those of printing the whole tree, pretty printer and escapes included (the generator is the same).
   *
   * <p>Many items (a list of more than {@value #BLOCK}) are written a block at a time by several threads, each block
   * by a generator of its own put in the same place of the same document, and printed in order, a few blocks ahead of
   * the output at most: so {@code render} may be called from several threads at once, and must only read.
   */
  public static <T> void print(PrintWriter out, JsonNode document, ArrayNode placeholder, Iterable<T> items,
                               ItemWriter<T> render) {
    print(out, document, placeholder, items, render, null);
  }

  /**
   * As {@link #print(PrintWriter, JsonNode, ArrayNode, Iterable, ItemWriter)}, but when {@code out} is a
   * {@link Utf8PrintWriter} and {@code blocks} is given, the blocks past the first item are written by {@code blocks}
   * as bytes (the same bytes {@code render} and the writer's encoding would give) straight to the stream.
   */
  public static <T> void print(PrintWriter out, JsonNode document, ArrayNode placeholder, Iterable<T> items,
                               ItemWriter<T> render, BlockWriter blocks) {
    try {
      JsonGenerator g = generator(out);
      write(g, document, placeholder, new ArrayList<>(), items, render, blocks, out);
      g.flush();
      out.println();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonGenerator generator(Writer out) throws IOException {
    JsonGenerator g = MAPPER.getFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.setPrettyPrinter(MAPPER.getSerializationConfig().constructDefaultPrettyPrinter());
    return g;
  }

  private static final ObjectWriter VALUE = MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  /** {@code path}: whether each container around {@code node}, outermost first, is an array (else an object). */
  private static <T> void write(JsonGenerator g, JsonNode node, ArrayNode placeholder, List<Boolean> path,
                                Iterable<T> items, ItemWriter<T> render, BlockWriter blocks, PrintWriter out)
      throws IOException {
    if (node == placeholder) {
      g.writeStartArray();
      if (items instanceof List<T> list && list instanceof RandomAccess && list.size() > BLOCK) {
        // the first item here, so that the generator closes the array as one that has items; the rest in blocks
        render.write(g, list.get(0));
        g.flush();
        if (blocks != null && out instanceof Utf8PrintWriter utf8) {
          // the pretty printer nests in objects only: an array's items stay on its line
          int nesting = (int) path.stream().filter(array -> !array).count();
          inByteBlocks(utf8, nesting, list.size(), blocks);
        } else {
          inBlocks(out, List.copyOf(path), list, render);
        }
      } else {
        for (T item : items) render.write(g, item);
      }
      g.writeEndArray();
    } else if (node.isObject()) {
      g.writeStartObject();
      path.add(false);
      for (var it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        g.writeFieldName(e.getKey());
        write(g, e.getValue(), placeholder, path, items, render, blocks, out);
      }
      path.remove(path.size() - 1);
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      path.add(true);
      for (JsonNode element : node) write(g, element, placeholder, path, items, render, blocks, out);
      path.remove(path.size() - 1);
      g.writeEndArray();
    } else {
      VALUE.writeValue(g, node);
    }
  }

  /** Items per block written by one thread. */
  public static final int BLOCK = 2048;

  /**
   * Items 1 to the end of {@code items}, as the generator that wrote item 0 at the end of {@code path} would write
   * them, straight to {@code out}: rendered in blocks by a few threads, printed in order.
   */
  private static <T> void inBlocks(Writer out, List<Boolean> path, List<T> items, ItemWriter<T> render)
      throws IOException {
    inOrder(items.size(), (from, to) -> Block.of(path, items, from, to, render), b -> b.printTo(out));
  }

  /** Items 1 to {@code size} written as bytes by {@code blocks}, a block at a time by a few threads, printed in order. */
  private static void inByteBlocks(Utf8PrintWriter out, int nesting, int size, BlockWriter blocks) throws IOException {
    java.util.concurrent.ConcurrentLinkedQueue<JsonBytes> spare = new java.util.concurrent.ConcurrentLinkedQueue<>();
    inOrder(size, (from, to) -> {
      JsonBytes b = spare.poll();
      if (b == null) b = new JsonBytes(1024 * BLOCK);
      b.clear();
      try {
        blocks.write(from, to, nesting, b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return b;
    }, b -> {
      out.writeUtf8(b.bytes(), 0, b.length());
      spare.add(b);
    });
  }

  /** Makes the block of items {@code from} to {@code to} (exclusive); runs on one of a few threads. */
  private interface BlockMaker<B> {
    B make(int from, int to);
  }

  /** Prints a block, on the thread that prints the document. */
  private interface BlockPrinter<B> {
    void print(B block) throws IOException;
  }

  /**
   * Items 1 to {@code size} in blocks of {@value #BLOCK}: each made by {@code make} on a few threads, at most two per
   * thread ahead of the output, and handed to {@code print} in order.
   */
  private static <B> void inOrder(int size, BlockMaker<B> make, BlockPrinter<B> print) throws IOException {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "appreg-render");
      t.setDaemon(true);
      return t;
    });
    try {
      ArrayDeque<Future<B>> ahead = new ArrayDeque<>();
      int next = 1;
      while (next < size || !ahead.isEmpty()) {
        while (next < size && ahead.size() < 2 * threads) {
          int from = next;
          int to = Math.min(size, from + BLOCK);
          ahead.add(pool.submit(() -> make.make(from, to)));
          next = to;
        }
        print.print(done(ahead.poll()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T done(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) throw u.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error error) throw error;
      throw new IOException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while writing");
    }
  }

  /** Some items as text, written by a generator of their own standing where the document's generator stands. */
  private static final class Block extends CharArrayWriter {
    private int start;

    Block(int size) {
      super(size);
    }

    static <T> Block of(List<Boolean> path, List<T> items, int from, int to, ItemWriter<T> render) {
      Block b = new Block(1024 * (to - from));
      try {
        JsonGenerator g = generator(b);
        // the same containers around it, and an item before it, so the pretty printer indents and separates alike
        for (boolean array : path) {
          if (array) {
            g.writeStartArray();
          } else {
            g.writeStartObject();
            g.writeFieldName("_");
          }
        }
        g.writeStartArray();
        g.writeNull();
        g.flush();
        b.start = b.count;
        for (int i = from; i < to; i++) render.write(g, items.get(i));
        g.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return b;
    }

    void printTo(Writer out) throws IOException {
      out.write(buf, start, count - start);
    }
  }

  private static final class TerminalSafe extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    TerminalSafe() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch > 0xffff || !Untrusted.control((char) ch)) return null;
      return new SerializedString(String.format("\\u%04x", ch));
    }
  }
}
