package appreg.provisioning.reconcile;

import appreg.provisioning.AppregException;

/** Apply stopped at a failed step; the report says what was done and what was not. The cause decides the exit code. */
public final class ApplyFailedException extends AppregException {
  private final ApplyReport report;

  public ApplyFailedException(ApplyReport report, RuntimeException cause) {
    super(cause.getMessage(), cause);
    this.report = report;
  }

  public ApplyReport report() {
    return report;
  }
}
