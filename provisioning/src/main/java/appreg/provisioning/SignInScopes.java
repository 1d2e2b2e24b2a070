package appreg.provisioning;

import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.OwnerSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The delegated Graph scopes an interactive sign-in asks for, per command: what its reads and the writes its manifest
 * can lead to need, least privileged first, and nothing more (docs/permissions.md, "Signing in", has the table).
 * {@code plan}, {@code audit} and {@code export} only read. A public client never asks for {@code .default}, which
 * means "whatever was consented before" rather than what this run needs.
 *
 * <p>The scopes come from the "Permissions" tables of the v1.0 API pages for each call (see {@link
 * appreg.provisioning.reconcile.Privileges} and graph.Needs): {@code User.Read} reads the organization for a signed-in
 * user (organization-get.md), {@code Application.Read.All} registrations, service principals and their app role
 * assignments, {@code DelegatedPermissionGrant.Read.All} consent grants, {@code RoleManagement.Read.Directory} role
 * definitions and assignments, {@code User.Read.All} users by name, {@code Directory.Read.All} an owner by object id,
 * {@code Policy.Read.All} the app management and authorization policies. A ReadWrite scope covers its Read scope.
 */
public final class SignInScopes {
  private SignInScopes() {}

  /** {@code plan}: reads what the manifest names. */
  public static List<String> plan(Manifest manifest) {
    return reads(manifest, new LinkedHashSet<>());
  }

  /** {@code apply} and {@code bootstrap}: the reads, and the writes the manifest can lead to. */
  public static List<String> apply(Manifest manifest) {
    Set<String> writes = new LinkedHashSet<>();
    writes.add("Application.ReadWrite.All");   // registrations, service principals, secrets, certificates, owners
    if (any(manifest, a -> a.adminConsent() && a.permissions().stream().anyMatch(p -> !p.delegated().isEmpty()))) {
      writes.add("DelegatedPermissionGrant.ReadWrite.All");
    }
    if (any(manifest, a -> a.adminConsent() && a.permissions().stream().anyMatch(p -> !p.application().isEmpty()))) {
      writes.add("AppRoleAssignment.ReadWrite.All");
    }
    if (any(manifest, a -> !a.directoryRoles().isEmpty())) writes.add("RoleManagement.ReadWrite.Directory");
    return reads(manifest, writes);
  }

  /** {@code delete}: removes registrations, service principals, their consents and directory role assignments. */
  public static List<String> delete(Manifest manifest) {
    Set<String> writes = new LinkedHashSet<>(List.of("Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All",
        "AppRoleAssignment.ReadWrite.All", "RoleManagement.ReadWrite.Directory"));
    return reads(manifest, writes);
  }

  /** {@code audit} and {@code export}: read the whole tenant's registrations, consents, roles and policies. */
  public static List<String> audit() {
    return List.of("User.Read", "Application.Read.All", "DelegatedPermissionGrant.Read.All",
        "RoleManagement.Read.Directory", "Policy.Read.All");
  }

  private static List<String> reads(Manifest manifest, Set<String> writes) {
    Set<String> out = new LinkedHashSet<>();
    out.add("User.Read");
    out.add("Application.Read.All");
    out.add("DelegatedPermissionGrant.Read.All");
    if (any(manifest, a -> !a.directoryRoles().isEmpty())) {
      out.add("RoleManagement.Read.Directory");
      out.add("User.Read.All");
    }
    if (any(manifest, a -> a.owners().stream().anyMatch(o -> !o.isObjectId()))) out.add("User.Read.All");
    if (any(manifest, a -> a.owners().stream().anyMatch(OwnerSpec::isObjectId))) out.add("Directory.Read.All");
    if (any(manifest, a -> a.secret() != null)) out.add("Policy.Read.All");   // may the new secret live that long?
    out.addAll(writes);
    // a ReadWrite scope covers its Read scope: ask for one of them
    out.removeIf(s -> s.contains(".Read.") && out.contains(s.replace(".Read.", ".ReadWrite.")));
    out.removeIf(s -> s.equals("RoleManagement.Read.Directory") && out.contains("RoleManagement.ReadWrite.Directory"));
    return List.copyOf(out);
  }

  private static boolean any(Manifest manifest, Predicate<ApplicationSpec> test) {
    return manifest.applications().stream().anyMatch(test);
  }

}
