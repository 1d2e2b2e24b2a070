package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/ points at a file of the repository, and a link to a heading (#anchor) at a
 * heading that exists, as GitHub renders it. Links inside code (fenced blocks, `inline`) are not links.
 */
class DocsLinksTest {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Pattern INLINE = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+\"[^\"]*\")?\\s*$");
  static final Pattern HTML = Pattern.compile("<(?:a|img)\\s[^>]*(?:href|src)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

  static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** Markdown without fenced code blocks and inline code spans, line for line. */
  static List<String> prose(Path page) {
    List<String> lines = new ArrayList<>();
    boolean fenced = false;
    String fence = "";
    try {
      for (String line : Files.readAllLines(page)) {
        String trimmed = line.strip();
        if (!fenced && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
          fenced = true;
          fence = trimmed.substring(0, 3);
          lines.add("");
        } else if (fenced) {
          if (trimmed.startsWith(fence)) fenced = false;
          lines.add("");
        } else if (line.startsWith("    ") || line.startsWith("\t")) {
          lines.add("");                                   // an indented code block
        } else {
          lines.add(line.replaceAll("``[^`]*``|`[^`]*`", "``"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
  static Set<String> anchors(Path page) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : prose(page)) {
      Matcher h = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
      if (!h.matches()) continue;
      String text = h.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("``", "");
      String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    // the raw heading lines, code spans kept, for headings whose anchor depends on text inside backticks;
    // and anchors set by hand (<a id="…"></a>)
    try {
      for (String line : Files.readAllLines(page)) {
        Matcher a = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"").matcher(line);
        while (a.find()) anchors.add(a.group(1));
        Matcher h = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
        if (h.matches()) {
          anchors.add(h.group(1).replace("`", "").toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-'));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return anchors;
  }

  static List<String> links(Path page) {
    List<String> found = new ArrayList<>();
    for (String line : prose(page)) {
      for (Pattern p : List.of(INLINE, REFERENCE, HTML)) {
        Matcher m = p.matcher(line);
        while (m.find()) found.add(m.group(1));
      }
    }
    return found;
  }

  @Test
  void everyRelativeLinkPointsAtAFileThatExists() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages()) {
      for (String link : links(page)) {
        if (link.matches("(?i)[a-z][a-z0-9+.-]*:.*")) continue;        // https:, mailto: … are not files
        checked++;
        String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
        String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
        Path target = file.isEmpty() ? page
            : page.getParent().resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
        String where = ROOT.relativize(page) + ": " + link;
        if (!target.startsWith(ROOT)) broken.add(where + " (outside the repository)");
        else if (!Files.exists(target)) broken.add(where + " (no such file)");
        else if (anchor != null && target.toString().endsWith(".md") && !anchors(target).contains(anchor)) {
          broken.add(where + " (no such heading in " + ROOT.relativize(target) + ")");
        }
      }
    }
    assertEquals(List.of(), broken);
    assertTrue(checked > 50, "the docs link to each other: " + checked + " links checked");
  }

  @Test
  void theCheckerFindsLinksAndSkipsCode(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path page = dir.resolve("p.md");
    Files.writeString(page, String.join("\n",
        "# A `code` heading, with: punctuation",
        "See [one](a.md), [two](b.md#part \"title\") and ![img](pic.png); `[not](x.md)`.",
        "```", "[not](y.md)", "```",
        "    [not](z.md)",
        "[ref]: c.md",
        "<a href=\"d.md\">d</a> and [web](https://example.com)", "<a id=\"by-hand\"></a>", ""));
    assertEquals(List.of("a.md", "b.md#part", "pic.png", "c.md", "https://example.com", "d.md"), links(page));
    assertTrue(anchors(page).contains("a-code-heading-with-punctuation"), anchors(page)::toString);
    assertTrue(anchors(page).contains("by-hand"), anchors(page)::toString);
  }
}
