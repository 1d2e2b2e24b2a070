package appreg.cli.command;

import appreg.cli.Io;
import appreg.provisioning.UsageException;
import appreg.provisioning.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code --out FILE}, the same for every command that writes one. Checked before any work: {@code -} is stdout; a
 * directory, a missing directory or something that is not a regular file is refused (exit 64); an existing file is
 * replaced only when appreg wrote it, as the same kind of file, or with {@code --force}. Written atomically (a
 * reader sees the old file or the new one, never half), and the command then says {@code wrote FILE (...)} on stderr.
 *
 * <p>How appreg knows it wrote a file: every report and snapshot carries a mark near its start (a snapshot's and the
 * JSON report's {@code "generator": "appreg ..."}, SARIF's tool name, the HTML report's generator meta tag, the CSV
 * header row, the text report's first two lines), so re-running {@code appreg audit --out audit.html} every morning
 * just replaces yesterday's report, while {@code --out ~/.bashrc} or a hand-written file of the same name is left
 * alone. A manifest is different: {@code init} writes it once for a person to edit, so an existing one is never
 * replaced without {@code --force}, whoever wrote it.
 */
final class OutFile {
  private OutFile() {}

  /** What a command writes, and how to recognise a file appreg wrote as that kind. */
  enum Kind {
    MANIFEST("manifest", head -> false),
    SNAPSHOT("snapshot", head -> generator(head) && head.contains("\"exportedAt\"")),
    AUDIT_TEXT("text report", head -> head.startsWith("Audit of ") && head.lines().skip(1).findFirst()
        .map(l -> l.startsWith("Findings: ")).orElse(false)),
    AUDIT_JSON("json report", head -> generator(head) && head.contains("\"generatedAt\"")),
    AUDIT_CSV("csv report", head -> head.startsWith("\"severity\",\"rule\",\"title\",\"displayName\",")),
    AUDIT_SARIF("sarif report", head -> head.contains("sarif-2.1.0") && Pattern.compile("\"name\"\\s*:\\s*\"appreg\"").matcher(head).find()),
    AUDIT_HTML("html report", head -> head.startsWith("<!DOCTYPE html>") && head.contains("<meta name=\"generator\" content=\"appreg "));

    private final String label;
    private final Predicate<String> written;

    Kind(String label, Predicate<String> written) {
      this.label = label;
      this.written = written;
    }

    String label() {
      return label;
    }

    private static boolean generator(String head) {
      return Pattern.compile("\"generator\"\\s*:\\s*\"appreg ").matcher(head).find();
    }
  }

  /** The file to write, or null for stdout ({@code -} or no --out); refuses what it must not replace. */
  static Path target(Io io, Path out, boolean force, Kind kind) {
    if (out == null || out.toString().equals("-")) return null;
    Path file = io.resolve(out);
    if (Files.isDirectory(file)) throw new UsageException("--out " + out + " is a directory; name a file");
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException("--out " + out + ": the directory " + dir + " does not exist; create it first");
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.exists(file)) {
      if (!Files.isRegularFile(file)) {
        throw new UsageException("--out " + out + " exists and is not a regular file; use --out - for stdout");
      }
      if (!force && kind == Kind.MANIFEST) {
        throw new UsageException("--out " + out + " exists; init never replaces a manifest, which is yours to edit: "
            + "use --force to overwrite it");
      }
      if (!force && !kind.written.test(head(file))) {
        throw new UsageException("--out " + out + " exists and is not a " + kind.label + " written by appreg; "
            + "use --force to replace it");
      }
    }
    return file;
  }

  /** Writes {@code file} atomically with what {@code content} streams. */
  static void write(Path file, Path given, AtomicFiles.Content content) {
    try {
      AtomicFiles.write(file, false, content);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + given + ": " + e.getMessage(), e);
    }
  }

  /** The first few kilobytes, where every mark is. */
  private static String head(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(8192), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
