package appreg.provisioning.reconcile;

import java.util.List;

/** The ordered steps apply would take. Empty means in sync. */
public record Plan(List<Step> steps) {
  public Plan {
    steps = List.copyOf(steps);
  }

  public boolean inSync() {
    return steps.isEmpty();
  }

  /** Steps that change the tenant (everything but manual steps). */
  public List<Step> writes() {
    return steps.stream().filter(s -> !(s.action() instanceof Action.ManualStep)).toList();
  }
}
