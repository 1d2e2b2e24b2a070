package appreg.provisioning.reconcile;

/** One difference between the manifest and the tenant, for the application with manifest key {@code application}. */
public record Drift(String application, DriftKind kind, String detail) {}
