package appreg.cli;

/** The contract's exit codes. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int DRIFT = 2;
  public static final int USAGE = 64;
  public static final int INVALID_INPUT = 65;
  public static final int NO_PERMISSION = 77;
  public static final int INTERRUPTED = 130;
}
