package appreg.provisioning.secret;

import com.fasterxml.jackson.core.JsonFactory;
import appreg.provisioning.files.AtomicFiles;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers each secret to {@code DIR/<key>.json} (tenantId, clientId, clientSecret, keyId, expiresOn), mode 0600,
 * written to a temporary file in the same directory, flushed to disk, then moved over the old file in one step, so a
 * reader never sees half a file and a crash never leaves one. The private keys of certificates appreg makes go here
 * too ({@link #keys()}); they share {@code <key>.json}, each delivery keeping what the other wrote.
 */
public final class SecretDirectory implements SecretDestination {
  private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
  private final Path dir;
  private final KeyFiles keys = new KeyFiles(this);

  public SecretDirectory(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  Path dir() {
    return dir;
  }

  @Override
  public Optional<KeyDestination> keys() {
    return Optional.of(keys);
  }

  public Path file(String key) {
    return dir.resolve(key + ".json");
  }

  private Path pendingFile(String key) {
    return dir.resolve("." + key + ".pending");
  }

  @Override
  public String describe(String key) {
    return file(key).toString();
  }

  /**
   * Makes sure a secret can land here before anything is written to the tenant. A missing directory is created with
   * mode 0700 when its parent exists (only the last level: a missing parent is more likely a typo than a wish). Then
   * a probe file is created and removed, because only trying tells: a read-only mount, {@code /proc}, another user's
   * directory or an immutable one all look like directories, and {@code access(2)} answers "writable" to root.
   * An existing {@code <key>.json} open to anyone but its owner (mode wider than 0600) is refused: the secret in it
   * has been readable, and writing a new one there would hide that.
   */
  @Override
  public void check(String key) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) create();
    if (!Files.isDirectory(dir)) throw new DeliveryException("--secret-dir " + dir + " is not a directory");
    probe();
    checkExisting(file(key), "secret");
  }

  /** An existing file that will be replaced must be a regular file open to its owner only. */
  void checkExisting(Path f, String what) {
    if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) throw new DeliveryException(f + " exists and is not a regular file");
      try {
        if (supportsPosix()) {
          Set<PosixFilePermission> mode = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
          if (!OWNER_READ_WRITE.containsAll(mode)) {
            throw new DeliveryException(f + " has mode " + PosixFilePermissions.toString(mode) + ", wider than rw------- "
                + "(0600); treat the " + what + " in it as exposed, remove the file (or chmod 600 it) and run again");
          }
        }
      } catch (IOException e) {
        throw new DeliveryException("cannot read the permissions of " + f + ": " + reason(e), e);
      }
    }
  }

  private void create() {
    Path parent = dir.getParent();
    if (parent != null && !Files.exists(parent)) {
      throw new DeliveryException("--secret-dir " + dir + " cannot be created: its parent " + parent + " does not exist "
          + "(appreg creates only the last directory); create the parent or name another directory");
    }
    if (parent != null && !Files.isDirectory(parent)) {
      throw new DeliveryException("--secret-dir " + dir + " cannot be created: " + parent + " is not a directory");
    }
    try {
      if (supportsPosix()) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR); // the umask may have narrowed it further
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      // another run created it meanwhile: the checks below judge it
    } catch (IOException e) {
      throw new DeliveryException("--secret-dir " + dir + " cannot be created: " + reason(e), e);
    }
  }

  private void probe() {
    Path probe;
    try {
      probe = supportsPosix()
          ? Files.createTempFile(dir, ".appreg-probe-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
          : Files.createTempFile(dir, ".appreg-probe-", ".tmp");
    } catch (IOException e) {
      throw new DeliveryException("--secret-dir " + dir + " cannot hold a file: creating one there failed: " + reason(e), e);
    }
    try {
      Files.delete(probe);
    } catch (IOException e) {
      throw new DeliveryException("--secret-dir " + dir + " cannot hold a file: the probe file " + probe
          + " could not be removed: " + reason(e), e);
    }
  }

  /** The operating system's words ("Read-only file system", "Permission denied"), without a Java class name. */
  static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private boolean supportsPosix() {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Override
  public void deliver(SecretDelivery d) {
    Path target = file(d.key());
    try {
      updateJson(d.key(), root -> {
        root.put("tenantId", d.tenantId());
        root.put("clientId", d.clientId());
        root.put("clientSecret", d.secret().value().reveal());
        root.put("keyId", d.secret().keyId());
        root.put("expiresOn", String.valueOf(d.secret().expiresOn()));
      });
    } catch (IOException e) {
      throw new DeliveryException("could not write " + target + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Rewrites {@code <key>.json} atomically (0600) with {@code change} applied to what it held: a secret's delivery
   * keeps the certificate's fields and the other way round. Unreadable content is replaced, not merged.
   */
  void updateJson(String key, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change)
      throws IOException {
    com.fasterxml.jackson.databind.JsonNode old = readJson(key);
    var root = old instanceof com.fasterxml.jackson.databind.node.ObjectNode o ? o : MAPPER.createObjectNode();
    change.accept(root);
    byte[] bytes = (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file(key), bytes, true);
  }

  /** {@code <key>.json} as JSON, or null when it is missing or unreadable. */
  com.fasterxml.jackson.databind.JsonNode readJson(String key) {
    Path f = file(key);
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return null;
    try {
      return MAPPER.readTree(f.toFile());
    } catch (IOException e) {
      return null;
    }
  }

  static void write(OutputStream out, SecretDelivery d) throws IOException {
    JsonFactory json = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    try (JsonGenerator g = json.createGenerator(out).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeStringField("tenantId", d.tenantId());
      g.writeStringField("clientId", d.clientId());
      g.writeStringField("clientSecret", d.secret().value().reveal());
      g.writeStringField("keyId", d.secret().keyId());
      g.writeStringField("expiresOn", String.valueOf(d.secret().expiresOn()));
      g.writeEndObject();
    }
    out.write('\n');
  }

  @Override
  public Optional<String> deliveredKeyId(String key) {
    return field(key, "keyId");
  }

  @Override
  public Optional<String> deliveredClientId(String key) {
    return field(key, "clientId");
  }

  /** One top-level text field of the delivered file (the certificate's fields sit one level down). */
  private Optional<String> field(String key, String name) {
    com.fasterxml.jackson.databind.JsonNode root = readJson(key);
    com.fasterxml.jackson.databind.JsonNode v = root == null ? null : root.get(name);
    return v == null || !v.isTextual() ? Optional.empty() : Optional.of(v.asText());
  }

  @Override
  public void forget(String key) {
    // the key files of a certificate appreg made belong to the same registration
    for (Path f : new Path[] {file(key), pendingFile(key), keys.pem(key), keys.pfx(key), keys.pendingFile(key)}) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        throw new DeliveryException("could not remove " + f + ": " + reason(e), e);
      }
    }
  }

  @Override
  public void markPending(String key, Instant issuedAfter) {
    try {
      Files.writeString(pendingFile(key), issuedAfter.toString() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DeliveryException("could not write to --secret-dir " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void clearPending(String key) {
    try {
      Files.deleteIfExists(pendingFile(key));
    } catch (IOException e) {
      throw new DeliveryException("could not write to --secret-dir " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Instant> pendingSince(String key) {
    return pendingMark(pendingFile(key));
  }

  /** When the pending mark in {@code file} was set: empty without one, the epoch for one that cannot be read. */
  static Optional<Instant> pendingMark(Path file) {
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      return Optional.of(Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (IOException | java.time.format.DateTimeParseException e) {
      return Optional.of(Instant.EPOCH);
    }
  }
}
