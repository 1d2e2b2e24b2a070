package appreg.provisioning.reconcile;

/**
 * One difference between the manifest and the tenant, for the application with manifest key {@code application}.
 * In a destroy plan ({@link Destroyer}) there is no drift kind: {@code kind} is null and {@code detail} says what is
 * there to remove.
 */
public record Drift(String application, DriftKind kind, String detail) {}
