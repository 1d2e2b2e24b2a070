package appreg.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The appreg version that reports and snapshots name as their generator. */
final class Tool {
  private Tool() {}

  static String version() {
    Properties p = new Properties();
    try (InputStream in = Tool.class.getResourceAsStream("/appreg/cli/version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
