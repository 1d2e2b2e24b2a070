package appreg.provisioning.manifest;

import appreg.provisioning.ManifestException;
import appreg.provisioning.UsageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a manifest (YAML, or JSON of the same shape) and validates it completely, so that nothing is sent to a
 * tenant from a manifest that has a problem. Every failure is a {@link ManifestException} naming file, line and
 * column; the first problem in file order is reported. Files over 1 MiB are refused before they are read.
 */
public final class ManifestReader {
  private ManifestReader() {}

  /** The largest manifest accepted, in bytes. */
  public static final int MAX_BYTES = NodeReader.MAX_BYTES;

  public static Manifest read(Path file) {
    String name = file.toString();
    long size;
    try {
      if (Files.isDirectory(file)) throw new UsageException("manifest " + name + " is a directory, not a file");
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new UsageException("manifest " + name + " not found");
    } catch (IOException e) {
      throw new ManifestException(name, 0, 0, "cannot read the manifest: " + e.getMessage());
    }
    if (size > MAX_BYTES) throw tooLarge(name, size);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ManifestException(name, 0, 0, "cannot read the manifest: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) throw tooLarge(name, bytes.length);   // grew while we looked
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ManifestException(name, 1, 1, "the manifest is not UTF-8 text");
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, name, dir == null ? Path.of("").toAbsolutePath() : dir);
  }

  /**
   * Parses manifest text. {@code sourceName} is the name used in errors and {@link Where}; a name ending in
   * {@code .json}, or text starting with '{', is read as JSON, anything else as YAML.
   */
  public static Manifest parse(String text, String sourceName) {
    return parse(text, sourceName, Path.of("").toAbsolutePath());
  }

  /** As {@link #parse(String, String)}; a certificate {@code file} with a relative path is looked for in {@code base}. */
  public static Manifest parse(String text, String sourceName, Path base) {
    String name = sourceName == null ? "<manifest>" : sourceName;
    if (text.length() > MAX_BYTES || utf8Length(text) > MAX_BYTES) throw tooLarge(name, utf8Length(text));
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    Node root = NodeReader.read(text, name, isJson(text, name));
    return ManifestBinder.bind(root, name, base);
  }

  private static boolean isJson(String text, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) return true;
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return false;
    return text.stripLeading().startsWith("{");
  }

  private static ManifestException tooLarge(String name, long size) {
    return new ManifestException(name, 1, 1, "the manifest is " + size + " bytes; at most " + MAX_BYTES
        + " (1 MiB) are read");
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) n++;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }
}
