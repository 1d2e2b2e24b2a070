package appreg.cli.option;

import appreg.cli.Io;
import appreg.cli.render.Style;
import picocli.CommandLine.Option;

/**
 * How results are printed. Every command mixes these in, and so does the root command, so that they are accepted
 * before the subcommand too ({@code appreg -v plan -f m.yaml}); the root copies what it was given to the subcommand
 * (see {@code AppregCommand}), so a command reads only its own fields.
 */
public final class OutputOptions {
  @Option(names = {"-o", "--format"}, paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Formats.class,
      description = "text (for people, the default) or json (stable, for scripts); audit also csv, sarif, html.")
  public String format;

  @Option(names = {"-v", "--verbose"},
      description = "Show each Graph request, retries and replication waits on stderr (never tokens or secrets), "
          + "and end with where the time went.")
  public boolean verbose;

  @Option(names = "--no-color",
      description = "No colour, even on a terminal (as does a non-empty NO_COLOR variable, or output that is not a terminal).")
  public boolean noColor;

  /** What shell completion offers: every format, since the option is shared; a command refuses the ones it lacks. */
  static final class Formats implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("text", "json", "csv", "sarif", "html").iterator();
    }
  }

  private Timing timing;

  /** This run's timing, summed up on stderr at the end of a {@code -v} run (see Main). */
  public synchronized Timing timing() {
    if (timing == null) timing = new Timing();
    return timing;
  }

  public boolean json() {
    return "json".equalsIgnoreCase(format);
  }

  /** Refuses a format this command does not print (exit 64). */
  public void requireOneOf(String... formats) {
    for (String f : formats) if (f.equalsIgnoreCase(format)) return;
    throw new appreg.provisioning.UsageException("--format " + format + " is not available here; use "
        + String.join(" or ", formats));
  }

  /**
   * Colour may be used at all: not with {@code --no-color}, a non-empty {@code NO_COLOR} (no-color.org) or
   * {@code TERM=dumb}. Whether the stream is a terminal is the caller's second question ({@link Io#terminal()}).
   */
  public boolean colourAllowed(Io io) {
    String noColorVariable = io.env("NO_COLOR");
    return !noColor && (noColorVariable == null || noColorVariable.isEmpty()) && !"dumb".equals(io.env("TERM"));
  }

  /** The style for text on stdout: colour only when allowed and stdout is a terminal. */
  public Style style(Io io) {
    return new Style(colourAllowed(io) && io.terminal().stdout());
  }

  /** Takes what was given before the subcommand, where the subcommand's own command line did not say otherwise. */
  public void inheritFrom(OutputOptions global, boolean formatGivenHere) {
    if (!formatGivenHere) format = global.format;
    verbose |= global.verbose;
    noColor |= global.noColor;
  }
}
