package appreg.provisioning.manifest;

import appreg.provisioning.ManifestException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML or JSON text into {@link Node}s, with limits that keep hostile input cheap: the caller has already
 * refused text over {@link #MAX_BYTES}; nesting stops at {@link #MAX_DEPTH}; YAML aliases are counted and the values
 * they stand for may not add up to more than {@link #MAX_VALUES}, so an alias bomb fails after a few hundred tokens.
 */
final class NodeReader {
  static final int MAX_BYTES = 1024 * 1024;
  static final int MAX_DEPTH = 16;
  static final int MAX_ALIASES = 100;
  static final int MAX_VALUES = 100_000;

  private static final YAMLFactory YAML = YAMLFactory.builder()
      .loaderOptions(loaderOptions())
      .streamReadConstraints(constraints())
      .build();
  private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(constraints()).build();

  private final String file;
  private final Map<String, Node> anchors = new HashMap<>();
  private int aliases;
  private long values;

  private NodeReader(String file) {
    this.file = file;
  }

  /** The document's root node, or null for an empty document. */
  static Node read(String text, String file, boolean json) {
    NodeReader reader = new NodeReader(file);
    try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) return null;
      Node root = reader.value(p, 1);
      JsonToken after = p.nextToken();
      if (after != null) {
        JsonLocation at = p.currentTokenLocation();
        throw reader.error(at.getLineNr(), at.getColumnNr(), json
            ? "unexpected text after the end of the JSON document"
            : "a second YAML document ('---') follows; a manifest is one document");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw reader.syntaxError(e, json);
    } catch (IOException e) {
      throw reader.error(1, 1, "cannot read: " + e.getMessage());
    }
  }

  private Node value(JsonParser p, int depth) throws IOException {
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    if (depth > MAX_DEPTH) {
      throw error(line, column, "nested more than " + MAX_DEPTH + " levels deep; a manifest needs at most 6");
    }
    String anchor = p instanceof YAMLParser y ? y.getObjectId() : null;
    Node node;
    switch (p.currentToken()) {
      case START_OBJECT -> {
        List<Node.Field> fields = new ArrayList<>();
        Map<String, Node.Field> seen = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          JsonLocation keyAt = p.currentTokenLocation();
          String name = p.currentName();
          Node.Field before = seen.get(name);
          if (before != null) {
            throw error(keyAt.getLineNr(), keyAt.getColumnNr(), "field '" + name + "' appears twice (first at line "
                + before.line() + ", column " + before.column() + ")");
          }
          p.nextToken();
          Node.Field field = new Node.Field(name, keyAt.getLineNr(), keyAt.getColumnNr(), value(p, depth + 1));
          seen.put(name, field);
          fields.add(field);
        }
        node = new Node.Mapping(fields, line, column);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) items.add(value(p, depth + 1));
        node = new Node.Sequence(items, line, column);
      }
      default -> {
        if (p instanceof YAMLParser y && y.isCurrentAlias()) return alias(y.getText(), line, column);
        node = new Node.Scalar(p.currentToken(), p.getText(), line, column);
      }
    }
    count(1, line, column);
    if (anchor != null) anchors.put(anchor, node);
    return node;
  }

  /** An alias stands for its anchor's whole value: it costs as many values as that one holds. */
  private Node alias(String name, int line, int column) {
    Node target = anchors.get(name);
    if (target == null) {
      throw error(line, column, "alias '*" + name + "' names no anchor ('&" + name + "') on a list or mapping before it"
          + " (anchors on single values are not read)");
    }
    if (++aliases > MAX_ALIASES) {
      throw error(line, column, "more than " + MAX_ALIASES + " YAML aliases; write the values out instead");
    }
    count(size(target), line, column);
    return target;
  }

  private void count(long n, int line, int column) {
    values += n;
    if (values > MAX_VALUES) {
      throw error(line, column, "YAML aliases expand to more than " + MAX_VALUES
          + " values (an alias bomb?); write the values out instead");
    }
  }

  /** Values a node stands for; stops counting past the limit, which is all the caller needs to know. */
  private static long size(Node node) {
    long n = 1;
    if (node instanceof Node.Mapping m) {
      for (Node.Field f : m.fields()) if ((n += size(f.value())) > MAX_VALUES) return n;
    } else if (node instanceof Node.Sequence s) {
      for (Node item : s.items()) if ((n += size(item)) > MAX_VALUES) return n;
    }
    return n;
  }

  private ManifestException syntaxError(JsonProcessingException e, boolean json) {
    if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
      Mark problem = y.getProblemMark();
      return error(problem.getLine() + 1, problem.getColumn() + 1, yamlProblem(y));
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? 1 : Math.max(1, at.getLineNr());
    int column = at == null ? 1 : Math.max(1, at.getColumnNr());
    String message = e.getOriginalMessage();
    if (message.contains("Maximum") || message.contains("exceeds the maximum")) {
      return error(line, column, "too large or too deeply nested: " + firstLine(message));
    }
    return error(line, column, (json ? "invalid JSON: " : "invalid YAML: ") + firstLine(message));
  }

  /** snakeyaml's messages, said the way a person fixing the file needs to hear them. */
  private static String yamlProblem(MarkedYAMLException y) {
    String problem = y.getProblem() == null ? "" : y.getProblem();
    String context = y.getContext() == null ? "" : y.getContext();
    Mark opened = y.getContextMark();
    String openedAt = opened == null ? "" : " (opened at line " + (opened.getLine() + 1) + ", column "
        + (opened.getColumn() + 1) + ")";
    if (problem.contains("\\t(TAB)") || problem.contains("\t")) {
      return "a tab character is used for indentation; YAML indents with spaces only";
    }
    if (context.contains("flow sequence")) return "unclosed '['" + openedAt + ": " + found(problem);
    if (context.contains("flow mapping")) return "unclosed '{'" + openedAt + ": " + found(problem);
    if (context.contains("block mapping") || context.contains("block collection")) {
      return "broken indentation: this line is indented differently from the block it belongs to"
          + openedAt.replace("opened", "which starts") + "; line it up with the lines above";
    }
    if (problem.contains("mapping values are not allowed")) {
      return "broken indentation or a missing space: a 'name: value' pair cannot start here (quote a value that "
          + "contains ': ')";
    }
    if (context.contains("quoted scalar")) {
      return "unclosed quote" + openedAt + ": " + problem;
    }
    return "invalid YAML: " + (context.isEmpty() ? "" : context + ": ") + problem;
  }

  /** "expected ',' or ']', but got :" → "expected ',' or ']', but found ':'". */
  private static String found(String problem) {
    int at = problem.indexOf("but got ");
    if (at < 0) return problem;
    String got = problem.substring(at + 8).trim();
    return problem.substring(0, at) + "but found " + (got.startsWith("<") ? got.replace("<stream end>", "the end of the file") : "'" + got + "'");
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private ManifestException error(int line, int column, String problem) {
    return new ManifestException(file, line, column, problem);
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH + 4);
    options.setCodePointLimit(2 * MAX_BYTES);
    return options;
  }

  private static StreamReadConstraints constraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH + 4)
        .maxStringLength(MAX_BYTES)
        .maxNumberLength(100)
        .maxNameLength(10_000)
        .maxDocumentLength(2L * MAX_BYTES)
        .build();
  }
}
