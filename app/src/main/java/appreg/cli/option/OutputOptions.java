package appreg.cli.option;

import picocli.CommandLine.Option;

/** How results are printed. */
public final class OutputOptions {
  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (for people, the default) or json (stable, for scripts).")
  public String format;

  @Option(names = {"-v", "--verbose"},
      description = "Show each Graph request, retries and replication waits on stderr (never tokens or secrets).")
  public boolean verbose;

  public boolean json() {
    return "json".equalsIgnoreCase(format);
  }

  /** Refuses a format this command does not print (exit 64). */
  public void requireOneOf(String... formats) {
    for (String f : formats) if (f.equalsIgnoreCase(format)) return;
    throw new appreg.provisioning.UsageException("--format " + format + " is not available here; use "
        + String.join(" or ", formats));
  }
}
