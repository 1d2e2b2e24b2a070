package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which Microsoft Graph permission each kind of call needs, from the "Permissions" tables of the v1.0 API pages
 * (application-list.md, application-post-applications.md, application-update.md, application-addpassword.md,
 * application-post-owners.md, serviceprincipal-post-serviceprincipals.md, oauth2permissiongrant-post.md,
 * oauth2permissiongrant-list.md, serviceprincipal-post-approleassignments.md, rbacapplication-post-roleassignments.md,
 * user-get.md, organization-get.md, tenantappmanagementpolicy-get.md, authorizationpolicy-get.md): the least
 * privileged permission and the higher ones that also work.
 */
enum AccessRules {
  APPLICATIONS_READ("Application.Read.All", "Application.ReadWrite.All", "Application.ReadWrite.OwnedBy",
      "Directory.Read.All", "Directory.ReadWrite.All"),
  APPLICATIONS_WRITE("Application.ReadWrite.All", "Application.ReadWrite.OwnedBy"),
  /** "Application.ReadWrite.OwnedBy will not be sufficient to add another owner" (application-post-owners.md). */
  OWNERS_WRITE("Application.ReadWrite.All", "Directory.ReadWrite.All"),
  SERVICE_PRINCIPALS_READ("Application.Read.All", "Application.ReadWrite.All", "Application.ReadWrite.OwnedBy",
      "Directory.Read.All", "Directory.ReadWrite.All"),
  SERVICE_PRINCIPALS_WRITE("Application.ReadWrite.All", "Application.ReadWrite.OwnedBy"),
  GRANTS_READ("DelegatedPermissionGrant.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All",
      "Directory.ReadWrite.All"),
  GRANTS_WRITE("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"),
  ASSIGNMENTS_READ("Application.Read.All", "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All",
      "Directory.Read.All", "Directory.ReadWrite.All"),
  ASSIGNMENTS_WRITE("AppRoleAssignment.ReadWrite.All"),
  ROLES_READ("RoleManagement.Read.Directory", "RoleManagement.Read.All", "RoleManagement.ReadWrite.Directory",
      "Directory.Read.All", "Directory.ReadWrite.All"),
  ROLES_WRITE("RoleManagement.ReadWrite.Directory"),
  USERS_READ("User.Read.All", "User.ReadBasic.All", "User.ReadWrite.All", "Directory.Read.All",
      "Directory.ReadWrite.All"),
  ORGANIZATION_READ("Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All",
      "Directory.ReadWrite.All", "User.Read"),
  DIRECTORY_OBJECTS_READ("Directory.Read.All", "Directory.ReadWrite.All", "Application.Read.All", "User.Read.All"),
  APP_POLICY_READ("Policy.Read.All", "Policy.ReadWrite.ApplicationConfiguration"),
  APP_POLICY_WRITE("Policy.ReadWrite.ApplicationConfiguration"),
  AUTHORIZATION_POLICY_READ("Policy.Read.All", "Policy.ReadWrite.Authorization"),
  AUTHORIZATION_POLICY_WRITE("Policy.ReadWrite.Authorization");

  /** Every application permission some rule accepts: what {@link SandboxTokens#allPermissions()} carries. */
  static final List<String> ALL_APP_ROLES;

  static {
    var all = new LinkedHashSet<String>();
    for (AccessRules r : values()) {
      all.addAll(r.accepted);
    }
    all.remove("User.Read"); // delegated only
    ALL_APP_ROLES = List.copyOf(all);
  }

  private final Set<String> accepted;

  AccessRules(String... accepted) {
    this.accepted = Set.of(accepted);
  }

  /**
   * Checks the {@code Authorization} header: missing → 401, expired JWT → 401, JWT with {@code roles}/{@code scp}
   * lacking every accepted permission → 403. Delegated {@code Directory.AccessAsUser.All} acts as the signed-in
   * (administrator) user and passes.
   */
  static void authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      throw GraphError.unauthorized("Access token is empty.");
    }
    var claims = SandboxTokens.claims(authorization.substring(7).trim());
    if (claims.isPresent() && claims.get().has("exp")
        && claims.get().get("exp").asLong() < Instant.now().getEpochSecond()) {
      throw GraphError.unauthorized("Lifetime validation failed, the token is expired.");
    }
  }

  void check(String authorization) {
    authenticate(authorization);
    Set<String> held = held(authorization);
    if (held == null || held.contains("Directory.AccessAsUser.All")) {
      return;
    }
    for (String p : held) {
      if (accepted.contains(p)) {
        return;
      }
    }
    throw GraphError.forbidden();
  }

  /**
   * True when the only application-writing permission the token holds is {@code Application.ReadWrite.OwnedBy}: the
   * caller may then instantiate only applications of this tenant (Azure/azure-cli issue 28009).
   */
  static boolean onlyOwnedBy(String authorization) {
    Set<String> held = held(authorization);
    return held != null && held.contains("Application.ReadWrite.OwnedBy")
        && !held.contains("Application.ReadWrite.All") && !held.contains("Directory.ReadWrite.All")
        && !held.contains("Directory.AccessAsUser.All");
  }

  /** The permissions a JWT carries ({@code roles} and {@code scp}); null when the token states none (allowed all). */
  private static Set<String> held(String authorization) {
    if (authorization == null || authorization.length() < 7) {
      return null;
    }
    var claims = SandboxTokens.claims(authorization.substring(7).trim());
    if (claims.isEmpty()) {
      return null;
    }
    JsonNode c = claims.get();
    if (!c.has("roles") && !c.has("scp")) {
      return null;
    }
    Set<String> held = new HashSet<>();
    c.path("roles").forEach(r -> held.add(r.asText()));
    for (String s : c.path("scp").asText("").split(" ")) {
      if (!s.isBlank()) {
        held.add(s);
      }
    }
    return held;
  }
}
