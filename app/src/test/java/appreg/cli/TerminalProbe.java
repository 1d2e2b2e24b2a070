package appreg.cli;


/** Prints what {@link Terminal} sees in this process, for {@link TerminalTest} to run inside a pseudo-terminal. */
public final class TerminalProbe {
  private TerminalProbe() {}

  public static void main(String[] args) {
    Terminal t = Terminal.detect();
    StringBuilder devices = new StringBuilder();
    for (int fd = 0; fd <= 2; fd++) devices.append(' ').append(Terminal.byDeviceType(fd));
    String line = "probe stdin=" + t.stdin() + " stdout=" + t.stdout() + " stderr=" + t.stderr()
        + " devices=" + devices.toString().trim().replace(' ', ',') + " width=" + Terminal.width(System.getenv());
    // to whichever stream is not redirected away, so the probe can be read with stdout or stderr sent elsewhere
    (args.length > 0 && args[0].equals("stderr") ? System.err : System.out).println(line);
  }
}
