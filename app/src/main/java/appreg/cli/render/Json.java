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
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

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
   * Prints {@code document} as {@link #print} would, except that the array {@code placeholder} (an empty array
   * somewhere in it) is written with {@code items}, each written by {@code render} just when its turn comes: a report
   * of 180,000 findings never exists as one tree or one string, and no finding is built as a tree either. The bytes
   * are those of printing the whole tree, pretty printer and escapes included (the generator is the same).
   */
  public static <T> void print(PrintWriter out, JsonNode document, ArrayNode placeholder, Iterable<T> items,
                               ItemWriter<T> render) {
    try {
      JsonGenerator g = MAPPER.getFactory().createGenerator(out);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(MAPPER.getSerializationConfig().constructDefaultPrettyPrinter());
      write(g, document, placeholder, items, render);
      g.flush();
      out.println();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final ObjectWriter VALUE = MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private static <T> void write(JsonGenerator g, JsonNode node, ArrayNode placeholder, Iterable<T> items,
                                ItemWriter<T> render) throws IOException {
    if (node == placeholder) {
      g.writeStartArray();
      for (T item : items) render.write(g, item);
      g.writeEndArray();
    } else if (node.isObject()) {
      g.writeStartObject();
      for (var it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        g.writeFieldName(e.getKey());
        write(g, e.getValue(), placeholder, items, render);
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode element : node) write(g, element, placeholder, items, render);
      g.writeEndArray();
    } else {
      VALUE.writeValue(g, node);
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
