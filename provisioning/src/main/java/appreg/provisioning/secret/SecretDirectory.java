package appreg.provisioning.secret;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers each secret to {@code DIR/<key>.json} (tenantId, clientId, clientSecret, keyId, expiresOn), mode 0600,
 * written to a temporary file in the same directory, flushed to disk, then moved over the old file in one step, so a
 * reader never sees half a file and a crash never leaves one.
 */
public final class SecretDirectory implements SecretDestination {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private final Path dir;

  public SecretDirectory(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
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

  @Override
  public void check(String key) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new DeliveryException("--secret-dir " + dir + " does not exist; create it first (mkdir -m 700 " + dir + ")");
    }
    if (!Files.isDirectory(dir)) throw new DeliveryException("--secret-dir " + dir + " is not a directory");
    if (!Files.isWritable(dir)) throw new DeliveryException("--secret-dir " + dir + " is not writable");
    Path f = file(key);
    if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) throw new DeliveryException(f + " exists and is not a regular file");
      try {
        if (supportsPosix() && !Files.getPosixFilePermissions(f).equals(OWNER_ONLY)) {
          throw new DeliveryException(f + " is readable by others (mode "
              + PosixFilePermissions.toString(Files.getPosixFilePermissions(f)) + "); treat the secret in it as exposed, "
              + "remove the file (or chmod 600 it) and run again");
        }
      } catch (IOException e) {
        throw new DeliveryException("cannot read the permissions of " + f + ": " + e.getMessage(), e);
      }
    }
  }

  private boolean supportsPosix() {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Override
  public void deliver(SecretDelivery d) {
    Path target = file(d.key());
    Path tmp = null;
    try {
      tmp = supportsPosix()
          ? Files.createTempFile(dir, "." + d.key() + "-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
          : Files.createTempFile(dir, "." + d.key() + "-", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
           OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        write(out, d);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new DeliveryException("could not write " + target + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file holds the secret, but the directory is the caller's
        }
      }
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
    Path p = pendingFile(key);
    if (!Files.isRegularFile(p)) return Optional.empty();
    try {
      return Optional.of(Instant.parse(Files.readString(p, StandardCharsets.UTF_8).trim()));
    } catch (IOException | java.time.format.DateTimeParseException e) {
      return Optional.of(Instant.EPOCH);
    }
  }
}
