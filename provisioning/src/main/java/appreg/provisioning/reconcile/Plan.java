package appreg.provisioning.reconcile;

import java.util.List;

/**
 * The ordered steps apply would take. Empty means in sync. {@code notes} say what appreg saw and leaves alone on
 * purpose (a federated credential the manifest does not name): information, never drift.
 */
public record Plan(List<Step> steps, List<Note> notes) {
  public Plan {
    steps = List.copyOf(steps);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  public Plan(List<Step> steps) {
    this(steps, List.of());
  }

  /** Something the plan reports without acting on it, for the application with manifest key {@code application}. */
  public record Note(String application, String text) {}

  public boolean inSync() {
    return steps.isEmpty();
  }

  /** Steps that change the tenant (everything but manual steps). */
  public List<Step> writes() {
    return steps.stream().filter(s -> !(s.action() instanceof Action.ManualStep)).toList();
  }
}
