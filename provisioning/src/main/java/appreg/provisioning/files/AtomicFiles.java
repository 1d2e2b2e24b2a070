package appreg.provisioning.files;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see the old content or the new, never half of it, and a crash leaves no partial
 * file: a temporary file in the same directory, flushed to disk, then moved over the target in one step.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What writes the content: given the stream of the temporary file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** {@code ownerOnly}: the file is created with mode 0600 from the start (it holds a secret). */
  public static void write(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
    write(target, ownerOnly, out -> out.write(bytes));
  }

  /** Streams the content, for files too large to build in memory first (a snapshot of a large tenant). */
  public static void write(Path target, boolean ownerOnly, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    String prefix = "." + target.getFileName() + "-";
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path tmp = ownerOnly && posix
        ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, prefix, ".tmp");
    if (!ownerOnly && posix) {
      // temporary files start as 0600; a manifest or state file is an ordinary file
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
