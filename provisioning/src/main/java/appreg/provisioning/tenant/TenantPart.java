package appreg.provisioning.tenant;

import java.util.Locale;

/**
 * A part of a tenant that {@code audit} and {@code export} read besides the core collections (applications and
 * service principals, without which there is nothing to audit). Graph may refuse any of these for reasons of the
 * tenant or the caller, and the run goes on without it: the rules that need it are reported as not evaluated.
 * {@link #id()} is the name used in JSON output and snapshots: public, never renamed.
 */
public enum TenantPart {
  OWNERS("owners", "the owners of registrations"),
  FEDERATED_CREDENTIALS("federatedIdentityCredentials", "the federated credentials of registrations"),
  DELEGATED_GRANTS("oauth2PermissionGrants", "the delegated permission grants"),
  APP_ROLE_ASSIGNMENTS("appRoleAssignments", "the app role assignments"),
  ROLE_DEFINITIONS("roleDefinitions", "the directory role definitions"),
  ROLE_ASSIGNMENTS("roleAssignments", "the directory role assignments"),
  ORGANIZATION("organization", "the organization"),
  APP_MANAGEMENT_POLICY("defaultAppManagementPolicy", "the default app management policy"),
  AUTHORIZATION_POLICY("authorizationPolicy", "the authorization policy"),
  /**
   * The certificates themselves ({@code keyCredentials[].key}), which Graph returns only to a read of one application
   * with {@code $select=keyCredentials}, never in a list (keycredential.md): read for some registrations and not for
   * others, so what was read stands even when the rest was not ({@link #perRegistration()}).
   */
  CERTIFICATES("keyCredentials.key", "the certificates of registrations", true);

  private final String id;
  private final String description;
  private final boolean perRegistration;

  TenantPart(String id, String description) {
    this(id, description, false);
  }

  TenantPart(String id, String description, boolean perRegistration) {
    this.id = id;
    this.description = description;
    this.perRegistration = perRegistration;
  }

  public String id() {
    return id;
  }

  /** For sentences: "the owners of registrations could not be read". */
  public String description() {
    return description;
  }

  /**
   * True when this part is read registration by registration, so that a rule needing it is judged on the registrations
   * it was read for, and reported as not evaluated for the rest, rather than not run at all.
   */
  public boolean perRegistration() {
    return perRegistration;
  }

  public static TenantPart parse(String id) {
    for (TenantPart p : values()) if (p.id.equalsIgnoreCase(id)) return p;
    throw new IllegalArgumentException("unknown tenant part '" + id + "'; known: "
        + String.join(", ", java.util.Arrays.stream(values()).map(TenantPart::id).toList()));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
