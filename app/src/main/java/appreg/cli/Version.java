package appreg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote at build time; touches nothing else so that {@code --version} starts fast. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/appreg/cli/version.properties")) {
      if (in != null) p.load(in);
    }
    return new String[] {"appreg " + p.getProperty("version", "unknown")};
  }
}
