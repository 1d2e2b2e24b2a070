package appreg.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A streamed array prints exactly as the whole tree would, however many items it has and wherever it stands. */
class JsonTest {
  /** Text that takes every path of the escapes: quotes, controls, C1 and bidi controls, non-ASCII, a surrogate pair. */
  private static final String[] TEXTS = {"plain", "quote \" backslash \\ slash /", "tab\tnew line\n", "\u001b[31mred",
      "\u0085 \u009b \u202e txt.exe", "caf\u00e9 \u00fc\u00df \u4e2d\u6587", "emoji \ud83d\ude00", "del \u007f", ""};

  private record Item(int n, String text) {}

  private static List<Item> items(int count) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(new Item(i, TEXTS[i % TEXTS.length] + " " + i));
    return out;
  }

  private static void render(com.fasterxml.jackson.core.JsonGenerator g, Item item) throws java.io.IOException {
    g.writeStartObject();
    g.writeNumberField("n", item.n());
    g.writeStringField("text", item.text());
    g.writeObjectFieldStart("nested");
    g.writeStringField("again", item.text());
    g.writeArrayFieldStart("list");
    g.writeString(item.text());
    g.writeEndArray();
    g.writeEndObject();
    g.writeStringField("none", null);
    g.writeEndObject();
  }

  private static ObjectNode tree(Item item) {
    ObjectNode o = Json.object().put("n", item.n()).put("text", item.text());
    ObjectNode nested = o.putObject("nested").put("again", item.text());
    nested.putArray("list").add(item.text());
    o.putNull("none");
    return o;
  }

  private static String streamed(ObjectNode document, ArrayNode placeholder, List<Item> items) {
    StringWriter s = new StringWriter();
    PrintWriter out = new PrintWriter(s);
    Json.print(out, document, placeholder, items, JsonTest::render);
    out.flush();
    return s.toString();
  }

  private static String whole(ObjectNode document) {
    StringWriter s = new StringWriter();
    PrintWriter out = new PrintWriter(s);
    Json.print(out, document);
    out.flush();
    return s.toString();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, Json.BLOCK, Json.BLOCK + 1, Json.BLOCK + 2, 3 * Json.BLOCK + 17})
  void anArrayInTheDocumentPrintsAsTheTree(int count) {
    List<Item> items = items(count);
    ObjectNode document = Json.object().put("before", 1);
    ArrayNode placeholder = document.putArray("findings");
    document.putArray("after").add("x");
    String streamed = streamed(document, placeholder, items);
    items.forEach(i -> placeholder.add(tree(i)));
    assertEquals(whole(document), streamed);
  }

  @Test
  void anArrayDeeperInTheDocumentPrintsAsTheTree() {
    List<Item> items = items(2 * Json.BLOCK + 5);
    ObjectNode document = Json.object().put("version", "2.1.0");
    ArrayNode runs = document.putArray("runs");
    runs.addObject().put("first", true);
    ObjectNode run = runs.addObject();
    run.putObject("tool").put("name", "appreg");
    ArrayNode placeholder = run.putArray("results");
    run.putArray("after");
    String streamed = streamed(document, placeholder, items);
    items.forEach(i -> placeholder.add(tree(i)));
    assertEquals(whole(document), streamed);
  }
}
