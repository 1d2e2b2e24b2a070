package appreg.provisioning.tenant;

import java.util.Map;

/**
 * Tenant-wide policies that bound what apps may do, read once per run where the caller may read them. Each field is
 * null when it was not read (no permission, or not needed by the command).
 *
 * @param appManagement {@code GET /policies/defaultAppManagementPolicy}, as the JSON object Graph returned
 * @param authorization {@code GET /policies/authorizationPolicy}, as the JSON object Graph returned
 */
public record TenantPolicies(Map<String, Object> appManagement, Map<String, Object> authorization) {
  public static final TenantPolicies UNKNOWN = new TenantPolicies(null, null);
}
