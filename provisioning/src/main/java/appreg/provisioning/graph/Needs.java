package appreg.provisioning.graph;

import java.util.List;

/**
 * What one kind of Graph call needs: application permissions or delegated scopes, any one of which will do (least
 * privileged first, from the "Permissions" tables of the v1.0 API pages; see docs/permissions.md), and for a signed-in
 * user the Entra directory roles, any one of which will do. Used to say what is missing after a 403.
 */
record Needs(List<String> anyOf, List<String> delegatedRoles) {
  private static final List<String> APPLICATION_ADMINS = List.of("Cloud Application Administrator", "Application Administrator");
  private static final List<String> PRIVILEGED_ROLE_ADMINS = List.of("Privileged Role Administrator", "Global Administrator");

  Needs {
    anyOf = List.copyOf(anyOf);
    delegatedRoles = List.copyOf(delegatedRoles);
  }

  /** organization-get.md: a signed-in user needs only User.Read. */
  static final Needs ORGANIZATION_READ = new Needs(List.of("Organization.Read.All", "Directory.Read.All", "User.Read"), List.of());
  static final Needs APPLICATIONS_READ = new Needs(List.of("Application.Read.All", "Directory.Read.All"), List.of());
  static final Needs SERVICE_PRINCIPALS_READ = APPLICATIONS_READ;
  static final Needs GRANTS_READ = new Needs(List.of("DelegatedPermissionGrant.Read.All", "Directory.Read.All"), List.of());
  static final Needs ROLES_READ = new Needs(List.of("RoleManagement.Read.Directory", "Directory.Read.All"), List.of());
  static final Needs USERS_READ = new Needs(List.of("User.Read.All", "Directory.Read.All"), List.of());

  static final Needs APPLICATIONS_WRITE = new Needs(List.of("Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"),
      APPLICATION_ADMINS);
  /** serviceprincipal-post-serviceprincipals.md. */
  static final Needs SERVICE_PRINCIPALS_WRITE = new Needs(List.of("Application.ReadWrite.OwnedBy",
      "Application.ReadWrite.All", "Directory.ReadWrite.All"), APPLICATION_ADMINS);
  /** The service principal of another tenant's application (a first-party API): OwnedBy does not cover it. */
  static final Needs FOREIGN_SERVICE_PRINCIPAL_WRITE = new Needs(List.of("Application.ReadWrite.All",
      "Directory.ReadWrite.All"), APPLICATION_ADMINS);
  static final Needs GRANTS_WRITE = new Needs(List.of("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"),
      APPLICATION_ADMINS);
  /** Consent to Microsoft Graph's application permissions needs a privileged role; it suffices for any API. */
  static final Needs APP_ROLE_ASSIGNMENTS_WRITE = new Needs(List.of("AppRoleAssignment.ReadWrite.All"), PRIVILEGED_ROLE_ADMINS);
  /** application-post-owners.md: "Application.ReadWrite.OwnedBy isn't sufficient to add another owner." */
  static final Needs OWNERS_WRITE = new Needs(List.of("Application.ReadWrite.All", "Directory.ReadWrite.All"),
      APPLICATION_ADMINS);
  static final Needs DIRECTORY_ROLES_WRITE = new Needs(List.of("RoleManagement.ReadWrite.Directory"), PRIVILEGED_ROLE_ADMINS);
}
