package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --version names the build's commit, or the tarball's, or says it does not know; and the Java runtime. */
class VersionTest {
  @TempDir Path dir;

  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) p.setProperty(keyValues[i], keyValues[i + 1]);
    return p;
  }

  private static final Properties RUNTIME = props("java.runtime.version", "17.0.15+6", "java.vendor", "Debian",
      "java.vm.name", "OpenJDK 64-Bit Server VM", "os.name", "Linux", "os.arch", "amd64");

  @Test
  void theBuildsCommitFirstThenTheArchivesThenUnknown() {
    String java = "Java 17.0.15+6 (Debian, OpenJDK 64-Bit Server VM) on Linux amd64";
    assertArrayEquals(new String[] {"appreg 0.1.0 (commit 0123456789ab)", java},
        Version.lines("0.1.0", "0123456789ab\n", "fedcba9", RUNTIME));
    assertArrayEquals(new String[] {"appreg 0.1.0 (commit fedcba9)", java},
        Version.lines("0.1.0", null, "fedcba9", RUNTIME), "a tarball made by git archive");
    assertArrayEquals(new String[] {"appreg 0.1.0 (commit fedcba9)", java},
        Version.lines("0.1.0", "fatal: not a git repository\n", "fedcba9", RUNTIME), "git failed at build time");
    assertArrayEquals(new String[] {"appreg 0.1.0 (commit unknown)", java},
        Version.lines("0.1.0", null, "$Format:%h$", RUNTIME), "a copy of the tree without .git nor git archive");
  }

  @Test
  void versionNamesTheCommitThisWasBuiltFromAndTheRuntime() throws Exception {
    CliRun v = CliRun.run(dir, "--version");
    assertEquals(0, v.exitCode(), v::toString);
    String[] lines = v.stdout().split("\\R");
    assertEquals(2, lines.length, v::toString);
    assertTrue(lines[0].matches("appreg \\d+\\.\\d+\\.\\d+ \\(commit ([0-9a-f]{7,40}|unknown)\\)"), v::toString);
    assertTrue(lines[1].startsWith("Java " + Runtime.version() + " ("), v::toString);

    Path root = Path.of("").toAbsolutePath().getParent();
    Assumptions.assumeTrue(Files.exists(root.resolve(".git")) && Pty.onPath("git"), "not a git checkout");
    String commit = lines[0].replaceAll(".*\\(commit (.*)\\)", "$1");
    assertTrue(git(root, "rev-parse", "HEAD").startsWith(commit), "built from HEAD: " + v);
  }

  @Test
  void gitArchiveFillsInTheCommitForTarballs() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Assumptions.assumeTrue(Files.exists(root.resolve(".git")) && Pty.onPath("git"), "not a git checkout");
    Path tar = dir.resolve("src.tar");
    git(root, "archive", "--output=" + tar, "HEAD", "app/src/main/resources/appreg/cli/archive.properties");
    Process untar = new ProcessBuilder("tar", "-xf", tar.toString()).directory(dir.toFile()).inheritIO().start();
    assertTrue(untar.waitFor(30, TimeUnit.SECONDS) && untar.exitValue() == 0);
    Properties archived = new Properties();
    try (var in = Files.newInputStream(dir.resolve("app/src/main/resources/appreg/cli/archive.properties"))) {
      archived.load(in);
    }
    String commit = archived.getProperty("commit");
    assertTrue(commit.matches("[0-9a-f]{7,40}") && git(root, "rev-parse", "HEAD").startsWith(commit), commit);
  }

  private static String git(Path root, String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = root.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command));
    return out;
  }
}
