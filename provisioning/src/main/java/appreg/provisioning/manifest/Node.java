package appreg.provisioning.manifest;

import com.fasterxml.jackson.core.JsonToken;
import java.util.List;

/**
 * A parsed YAML or JSON value with the line and column it starts at. Jackson's tree model forgets positions, and
 * every manifest error must name one, so the reader builds this small tree instead. A YAML alias is the very node its
 * anchor names (shared, never copied); {@link NodeReader} bounds how far aliases may expand. Jackson reports anchors
 * on lists and mappings only, so an anchor on a single value cannot be used.
 */
sealed interface Node permits Node.Mapping, Node.Sequence, Node.Scalar {
  int line();

  int column();

  /** For messages: "a mapping", "a list", "the text 'x'", "the number 3". */
  String describe();

  record Field(String name, int line, int column, Node value) {}

  record Mapping(List<Field> fields, int line, int column) implements Node {
    public Mapping {
      fields = List.copyOf(fields);
    }

    Field field(String name) {
      for (Field f : fields) if (f.name().equals(name)) return f;
      return null;
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record Sequence(List<Node> items, int line, int column) implements Node {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar: {@code token} is Jackson's (VALUE_STRING, VALUE_NUMBER_INT, VALUE_TRUE, VALUE_NULL, …). */
  record Scalar(JsonToken token, String text, int line, int column) implements Node {
    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }

    boolean isBoolean() {
      return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
    }

    @Override
    public String describe() {
      return switch (token) {
        case VALUE_NULL -> "nothing (null)";
        case VALUE_TRUE, VALUE_FALSE -> "the boolean '" + text + "'";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + text;
        default -> text.isEmpty() ? "an empty value" : "the text '" + abbreviate(text) + "'";
      };
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
  }
}
