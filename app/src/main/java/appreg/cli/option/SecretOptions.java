package appreg.cli.option;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where an issued client secret goes. */
public final class SecretOptions {
  @Option(names = "--secret-dir", paramLabel = "DIR",
      description = "Write each issued secret to DIR/<key>.json (mode 0600, atomically).")
  public Path secretDir;

  @Option(names = "--show-secret", description = "Print an issued secret on stdout.")
  public boolean showSecret;

  @Option(names = "--prune-secrets", description = "Remove older unexpired secrets once a new one has been delivered.")
  public boolean pruneSecrets;
}
