package appreg.provisioning.reconcile;

/** A drift and the action that removes it. */
public record Step(Drift drift, Action action) {}
