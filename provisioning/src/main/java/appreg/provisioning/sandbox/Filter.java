package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A parsed {@code $filter} for the subset of OData that directory collections accept: {@code eq}, {@code ne},
 * {@code in}, {@code and}, {@code or}, {@code not}, {@code startswith}, {@code endswith}, lambda {@code any}
 * over string collections, and {@code nav/$count eq n}. String comparison is case-insensitive, as in Entra.
 *
 * <p>Which of these need the advanced query parameters ({@code ConsistencyLevel: eventual} and {@code $count=true})
 * follows concepts/aad-advanced-queries.md: {@code ne}, {@code not}, {@code endsWith} and {@code $count} in a filter.
 */
final class Filter {

  /** What a filter may look at beyond the object itself (e.g. how many owners it has). */
  interface Context {
    int count(ObjectNode object, String navigation);
  }

  private interface Node {
    boolean test(ObjectNode root, JsonNode bound, Context context);
  }

  private final Node root;
  /** Operators used that need advanced query parameters, e.g. {@code ne}; empty when a plain request may use it. */
  final Set<String> advancedOperators;
  final boolean countsNavigation;

  private Filter(Node root, Set<String> advancedOperators, boolean countsNavigation) {
    this.root = root;
    this.advancedOperators = advancedOperators;
    this.countsNavigation = countsNavigation;
  }

  boolean test(ObjectNode object, Context context) {
    return root.test(object, null, context);
  }

  /**
   * Parses {@code text}; {@code checkProperty} is called with every property the filter names so the caller can
   * refuse unknown or unfilterable ones with Graph's message.
   */
  static Filter parse(String text, java.util.function.Consumer<String> checkProperty) {
    var parser = new Parser(tokenize(text), checkProperty);
    Node node = parser.expression();
    if (parser.pos != parser.tokens.size()) {
      throw invalid(text);
    }
    return new Filter(node, Set.copyOf(parser.advanced), parser.counts);
  }

  private static GraphError invalid(String text) {
    return GraphError.badRequest("Invalid filter clause: " + text);
  }

  // ---- tokens

  private record Token(char kind, String text) {} // kind: i=identifier, s=string, n=number, p=punctuation

  private static List<Token> tokenize(String s) {
    var tokens = new ArrayList<Token>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        var sb = new StringBuilder();
        i++;
        while (true) {
          if (i >= s.length()) {
            throw invalid(s);
          }
          char d = s.charAt(i);
          if (d == '\'') {
            if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
              sb.append('\'');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          sb.append(d);
          i++;
        }
        tokens.add(new Token('s', sb.toString()));
      } else if (c == '(' || c == ')' || c == ',' || c == ':') {
        tokens.add(new Token('p', String.valueOf(c)));
        i++;
      } else if (Character.isDigit(c) || c == '-') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "-.".indexOf(s.charAt(i)) >= 0)) {
          i++;
        }
        String t = s.substring(start, i);
        if (!t.matches("-?\\d+(\\.\\d+)?")) {
          throw invalid(s); // an unquoted GUID or date: Entra wants quotes around them
        }
        tokens.add(new Token('n', t));
      } else if (Character.isLetter(c) || c == '$' || c == '_') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_./$".indexOf(s.charAt(i)) >= 0)) {
          i++;
        }
        tokens.add(new Token('i', s.substring(start, i)));
      } else {
        throw invalid(s);
      }
    }
    return tokens;
  }

  // ---- parser

  private static final class Parser {
    final List<Token> tokens;
    final java.util.function.Consumer<String> checkProperty;
    final List<String> advanced = new ArrayList<>();
    boolean counts;
    int pos;
    String boundVariable;

    Parser(List<Token> tokens, java.util.function.Consumer<String> checkProperty) {
      this.tokens = tokens;
      this.checkProperty = checkProperty;
    }

    Token peek() {
      return pos < tokens.size() ? tokens.get(pos) : null;
    }

    boolean peekKeyword(String keyword) {
      var t = peek();
      return t != null && t.kind == 'i' && t.text.equalsIgnoreCase(keyword);
    }

    Token next() {
      if (pos >= tokens.size()) {
        throw GraphError.badRequest("Invalid filter clause: unexpected end of expression.");
      }
      return tokens.get(pos++);
    }

    void expect(String punctuation) {
      var t = next();
      if (t.kind != 'p' || !t.text.equals(punctuation)) {
        throw GraphError.badRequest("Invalid filter clause: expected '" + punctuation + "' but found '" + t.text + "'.");
      }
    }

    Node expression() {
      Node left = conjunction();
      while (peekKeyword("or")) {
        pos++;
        Node l = left;
        Node r = conjunction();
        left = (o, b, c) -> l.test(o, b, c) || r.test(o, b, c);
      }
      return left;
    }

    Node conjunction() {
      Node left = unary();
      while (peekKeyword("and")) {
        pos++;
        Node l = left;
        Node r = unary();
        left = (o, b, c) -> l.test(o, b, c) && r.test(o, b, c);
      }
      return left;
    }

    Node unary() {
      if (peekKeyword("not")) {
        pos++;
        advanced.add("not");
        Node inner = unary();
        return (o, b, c) -> !inner.test(o, b, c);
      }
      return primary();
    }

    Node primary() {
      var t = next();
      if (t.kind == 'p' && t.text.equals("(")) {
        Node inner = expression();
        expect(")");
        return inner;
      }
      if (t.kind != 'i') {
        throw GraphError.badRequest("Invalid filter clause: unexpected '" + t.text + "'.");
      }
      String name = t.text;
      String lower = name.toLowerCase(Locale.ROOT);
      if ((lower.equals("startswith") || lower.equals("endswith")) && peekPunct("(")) {
        pos++;
        String path = path(next());
        expect(",");
        String literal = stringLiteral();
        expect(")");
        if (lower.equals("endswith")) {
          advanced.add("endsWith");
        }
        boolean starts = lower.equals("startswith");
        String needle = literal.toLowerCase(Locale.ROOT);
        return (o, b, c) -> anyString(resolve(o, b, path), v -> starts
            ? v.toLowerCase(Locale.ROOT).startsWith(needle) : v.toLowerCase(Locale.ROOT).endsWith(needle));
      }
      if ((lower.endsWith("/any") || lower.endsWith("/all")) && peekPunct("(")) {
        pos++;
        String collection = name.substring(0, name.length() - 4);
        checkProperty.accept(collection);
        String variable = next().text;
        expect(":");
        String outer = boundVariable;
        boundVariable = variable;
        Node body = expression();
        boundVariable = outer;
        expect(")");
        boolean any = lower.endsWith("/any");
        return (o, b, c) -> {
          JsonNode items = o.get(collection);
          if (items == null || !items.isArray()) {
            return !any;
          }
          for (JsonNode item : items) {
            boolean r = body.test(o, item, c);
            if (any && r) {
              return true;
            }
            if (!any && !r) {
              return false;
            }
          }
          return !any;
        };
      }
      if (lower.endsWith("/$count")) {
        String navigation = name.substring(0, name.length() - "/$count".length());
        checkProperty.accept(navigation + "/$count");
        counts = true;
        String op = operator();
        var number = next();
        if (number.kind != 'n') {
          throw GraphError.badRequest("Invalid filter clause: $count compares with a number.");
        }
        int n = Integer.parseInt(number.text);
        return (o, b, c) -> compare(c.count(o, navigation), n, op);
      }
      String path = path(t);
      if (peekKeyword("in")) {
        pos++;
        expect("(");
        var values = new ArrayList<String>();
        values.add(literalText());
        while (peekPunct(",")) {
          pos++;
          values.add(literalText());
        }
        expect(")");
        return (o, b, c) -> anyString(resolve(o, b, path), v -> values.stream().anyMatch(v::equalsIgnoreCase));
      }
      String op = operator();
      var literal = next();
      return switch (literal.kind) {
        case 's' -> {
          String value = literal.text;
          yield (o, b, c) -> {
            boolean eq = anyString(resolve(o, b, path), v -> v.equalsIgnoreCase(value));
            return op.equals("eq") == eq;
          };
        }
        case 'n' -> {
          double value = Double.parseDouble(literal.text);
          yield (o, b, c) -> {
            JsonNode v = resolve(o, b, path);
            return v != null && v.isNumber() && compare(Double.compare(v.asDouble(), value), 0, op);
          };
        }
        case 'i' -> switch (literal.text) {
          case "null" -> (o, b, c) -> {
            JsonNode v = resolve(o, b, path);
            boolean isNull = v == null || v.isNull();
            return op.equals("eq") == isNull;
          };
          case "true", "false" -> {
            boolean value = Boolean.parseBoolean(literal.text);
            yield (o, b, c) -> {
              JsonNode v = resolve(o, b, path);
              boolean eq = v != null && v.isBoolean() && v.asBoolean() == value;
              return op.equals("eq") == eq;
            };
          }
          default -> throw GraphError.badRequest("Invalid filter clause: unexpected '" + literal.text + "'.");
        };
        default -> throw GraphError.badRequest("Invalid filter clause: unexpected '" + literal.text + "'.");
      };
    }

    private boolean peekPunct(String p) {
      var t = peek();
      return t != null && t.kind == 'p' && t.text.equals(p);
    }

    private String operator() {
      var t = next();
      String op = t.text.toLowerCase(Locale.ROOT);
      switch (op) {
        case "eq" -> { }
        case "ne" -> advanced.add("ne");
        case "ge", "le", "gt", "lt" -> { }
        default -> throw GraphError.badRequest("Invalid filter clause: unknown operator '" + t.text + "'.");
      }
      return op;
    }

    private String path(Token t) {
      if (t.kind != 'i') {
        throw GraphError.badRequest("Invalid filter clause: expected a property but found '" + t.text + "'.");
      }
      if (t.text.equals(boundVariable)) {
        return BOUND;
      }
      checkProperty.accept(t.text);
      return t.text;
    }

    private String stringLiteral() {
      var t = next();
      if (t.kind != 's') {
        throw GraphError.badRequest("Invalid filter clause: expected a quoted string but found '" + t.text + "'.");
      }
      return t.text;
    }

    private String literalText() {
      var t = next();
      if (t.kind != 's' && t.kind != 'n') {
        throw GraphError.badRequest("Invalid filter clause: expected a literal but found '" + t.text + "'.");
      }
      return t.text;
    }

  }

  /** The path that stands for the lambda variable inside {@code any(x: …)}. */
  private static final String BOUND = "\u0000bound";

  private static JsonNode resolve(ObjectNode root, JsonNode bound, String path) {
    if (path.equals(BOUND)) {
      return bound;
    }
    JsonNode node = root;
    for (String part : path.split("/")) {
      node = node == null ? null : node.get(part);
    }
    return node;
  }

  private static boolean anyString(JsonNode value, java.util.function.Predicate<String> test) {
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isArray()) {
      for (JsonNode v : value) {
        if (v.isValueNode() && test.test(v.asText())) {
          return true;
        }
      }
      return false;
    }
    return value.isValueNode() && test.test(value.asText());
  }

  private static boolean compare(int left, int right, String op) {
    int c = Integer.compare(left, right);
    return switch (op) {
      case "eq" -> c == 0;
      case "ne" -> c != 0;
      case "gt" -> c > 0;
      case "ge" -> c >= 0;
      case "lt" -> c < 0;
      case "le" -> c <= 0;
      default -> false;
    };
  }
}
