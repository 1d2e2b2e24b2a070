package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./appreg launcher with the jar {@code mvn package} made, run as a user who put it on PATH with a symlink
 * (docs/install.md): through an absolute link, a relative link to a link, PATH, and a directory with a space.
 */
class LauncherPackageIT {
  static final Path LAUNCHER = Path.of("..", "appreg").toAbsolutePath().normalize();

  @TempDir Path dir;

  private static String version(List<String> command, Path cwd, String path) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    if (path != null) pb.environment().put("PATH", path + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
    assertEquals(0, p.exitValue(), command + "\n" + out);
    assertTrue(out.startsWith("appreg ") && out.contains("\nJava "), out);
    return out;
  }

  @Test
  void theLauncherFindsItsCheckoutThroughSymlinks() throws Exception {
    assertTrue(Files.isRegularFile(LAUNCHER.resolveSibling("app/target/appreg.jar")), "mvn package made the jar");
    String direct = version(List.of(LAUNCHER.toString(), "--version"), dir, null);

    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("appreg"), LAUNCHER);
    assertEquals(direct, version(List.of(bin.resolve("appreg").toString(), "--version"), dir, null), "absolute link");

    Path other = Files.createDirectories(dir.resolve("other bin"));
    Files.createSymbolicLink(other.resolve("appreg"), Path.of("..", "bin", "appreg"));
    assertEquals(direct, version(List.of(other.resolve("appreg").toString(), "--version"), dir, null),
        "a relative link to a link, in a directory with a space");

    Path elsewhere = Files.createDirectories(dir.resolve("work"));
    assertEquals(direct, version(List.of("sh", "-c", "appreg --version"), elsewhere, other.toString()), "found on PATH");
  }
}
