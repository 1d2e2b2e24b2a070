package appreg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: appreg's version and commit, and the Java runtime it runs on. The commit comes from the build
 * ({@code git rev-parse} at build time, into commit.txt); a build from a source tarball without .git has it from
 * {@code archive.properties}, which {@code git archive} fills in, or says "unknown". Touches nothing else so that
 * {@code --version} starts fast.
 */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    return lines(load("version.properties").getProperty("version", "unknown"), text("commit.txt"),
        load("archive.properties").getProperty("commit"), System.getProperties());
  }

  /** {@code built}: what git said at build time (commit.txt); {@code archived}: what git archive wrote. */
  static String[] lines(String version, String built, String archived, Properties runtime) {
    String commit = known(built);
    if (commit == null) commit = known(archived);
    return new String[] {
        "appreg " + version + " (commit " + (commit == null ? "unknown" : commit) + ")",
        "Java " + runtime.getProperty("java.runtime.version", runtime.getProperty("java.version", "?"))
            + " (" + runtime.getProperty("java.vendor", "?") + ", " + runtime.getProperty("java.vm.name", "?") + ")"
            + " on " + runtime.getProperty("os.name", "?") + " " + runtime.getProperty("os.arch", "?")};
  }

  /** Only a hexadecimal object name is a commit: not an unfilled $Format, nor what git printed when it failed. */
  private static String known(String value) {
    return value != null && value.trim().matches("[0-9a-f]{7,40}") ? value.trim() : null;
  }

  private static String text(String name) throws IOException {
    try (InputStream in = Version.class.getResourceAsStream("/appreg/cli/" + name)) {
      return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  private static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/appreg/cli/" + name)) {
      if (in != null) p.load(in);
    }
    return p;
  }
}
