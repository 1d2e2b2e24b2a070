package appreg.provisioning.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.ManifestException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input (B4): fails fast with exit 65, and reading it costs little time and memory. */
class ManifestLimitsTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** "Billion laughs": nine levels of nine aliases would stand for 9^9 values. */
  static String aliasBomb() {
    StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      char p = (char) (c - 1);
      y.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) y.append(i == 0 ? "" : ",").append('*').append(p);
      y.append("]\n");
    }
    return y.append("applications:\n  - key: bomb\n    displayName: *i\n").toString();
  }

  @Test
  void anAliasBombStopsQuicklyWithBoundedMemory(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bomb.yaml");
    Files.writeString(file, aliasBomb());
    long bytes = THREADS.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(file));
    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
    assertEquals(file + ":6:8: YAML aliases expand to more than 100000 values (an alias bomb?); write the values out "
        + "instead", e.getMessage());
    assertTrue(millis < 2_000, "took " + millis + " ms");
    assertTrue(allocated < 64L * 1024 * 1024, "allocated " + allocated + " bytes");
  }

  @Test
  void tooManyAliasesAreRefused() {
    StringBuilder y = new StringBuilder("x: &x [1]\nl: [");
    for (int i = 0; i < 101; i++) y.append(i == 0 ? "" : ",").append("*x");
    y.append("]\n");
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.parse(y.toString(), "m.yaml"));
    assertTrue(e.getMessage().startsWith("m.yaml:2:"), e.getMessage());
    assertTrue(e.getMessage().endsWith("more than 100 YAML aliases; write the values out instead"), e.getMessage());
  }

  @Test
  void aFiftyMegabyteFileIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("huge.yaml");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write("applications:\n".getBytes());
      f.setLength(50L * 1024 * 1024);          // sparse: cheap to make, 50 MB to read
    }
    long bytes = THREADS.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(file));
    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
    assertEquals(file + ":1:1: the manifest is 52428800 bytes; at most 1048576 (1 MiB) are read", e.getMessage());
    assertTrue(millis < 1_000, "took " + millis + " ms");
    assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes: the file was read");
  }

  @Test
  void largeTextIsRefusedToo() {
    String text = "applications:\n  - key: k\n    displayName: " + "x".repeat(ManifestReader.MAX_BYTES) + "\n";
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.parse(text, "m.yaml"));
    assertTrue(e.getMessage().startsWith("m.yaml:1:1: the manifest is 1048619 bytes"), e.getMessage());
  }

  @Test
  void deepNestingStops() {
    String json = "{\"applications\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.parse(json, "m.json"));
    assertEquals("m.json:1:33: nested more than 16 levels deep; a manifest needs at most 6", e.getMessage());
  }
}
