package appreg.provisioning.reconcile;

/** The contract's drift kinds: public API, spelled exactly as in plan and apply JSON. */
public enum DriftKind {
  APP_MISSING,
  APP_DUPLICATE,
  PROPERTY_MISMATCH,
  PERMISSION_MISSING,
  PERMISSION_EXTRA,
  RESOURCE_SP_MISSING,
  SP_MISSING,
  CONSENT_MISSING,
  CONSENT_EXTRA,
  SECRET_MISSING,
  SECRET_EXPIRING,
  SECRET_EXPIRED,
  ROLE_ASSIGNMENT_MISSING,
  OWNER_MISSING
}
