package appreg.provisioning;

/**
 * The run was asked to stop (Ctrl-C or a kill signal) and stopped at a safe point: between two steps of an apply, or
 * while waiting to retry. Exit 130; an apply that stopped says what was done and what was not.
 */
public final class InterruptedRunException extends AppregException {
  public InterruptedRunException(String message) {
    super(message);
  }
}
