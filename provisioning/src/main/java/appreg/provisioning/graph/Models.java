package appreg.provisioning.graph;

import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.ServicePrincipal;

/**
 * What appreg reads of Graph's objects: the {@code $select} lists behind its records. Graph's JSON is mapped to the
 * records by {@link TenantJson}; no SDK model class is used (docs/performance.md says why).
 */
public final class Models {
  private Models() {}

  /** The {@code $select} that fills a {@link Registration}. */
  public static final String[] APPLICATION_FIELDS = {
      "id", "appId", "displayName", "uniqueName", "signInAudience", "web", "spa", "publicClient",
      "isFallbackPublicClient", "servicePrincipalLockConfiguration", "requiredResourceAccess", "passwordCredentials",
      "keyCredentials", "tags", "createdDateTime"};

  /** The {@code $select} that fills a {@link ServicePrincipal}. */
  public static final String[] SERVICE_PRINCIPAL_FIELDS = {
      "id", "appId", "displayName", "appOwnerOrganizationId", "servicePrincipalType", "accountEnabled",
      "oauth2PermissionScopes", "appRoles", "passwordCredentials", "keyCredentials", "tags"};
}
