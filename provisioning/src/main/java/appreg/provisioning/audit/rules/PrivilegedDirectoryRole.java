package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.CompactServicePrincipal;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.PrivilegedAccess;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.TenantPart;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A service principal holds a highly privileged Entra role. */
public final class PrivilegedDirectoryRole implements TenantRule {
  private static final Description D = new Description("privileged-directory-role", Severity.HIGH,
      "Service principal holds a highly privileged directory role",
      "An app holding Global Administrator, Privileged Role Administrator, User/Exchange/SharePoint/Hybrid Identity "
          + "Administrator or (Cloud) Application Administrator can take over users, roles or other apps with nothing "
          + "but its credential; no MFA or PIM stands in the way.",
      "Remove the role assignment and give the app the Graph permission (or a custom role) it actually needs.",
      "cisagov/ScubaGear baselines/aad.md, highly privileged roles (MS.AAD.7.x)");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.ROLE_ASSIGNMENTS, TenantPart.ROLE_DEFINITIONS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (RoleAssignment a : c.roleAssignments()) {
      if (a.principalId() == null) continue;
      Optional<CompactServicePrincipal> sp = c.servicePrincipal(a.principalId());
      if (sp.isEmpty()) continue;
      Optional<String> role = privilegedRole(c, a.roleDefinitionId());
      if (role.isEmpty()) continue;
      String scope = a.directoryScopeId() == null || a.directoryScopeId().isBlank() ? "/" : a.directoryScopeId();
      out.accept(finding(c.subject(sp.get()), "holds directory role " + role.get() + " at scope " + scope,
          Rule.details("role", role.get(), "roleDefinitionId", a.roleDefinitionId(), "directoryScopeId", scope,
              "servicePrincipalId", sp.get().id().value())));
    }
  }

  /** Built-in roles use their template id as definition id; custom copies are matched through the definition's template id. */
  private static Optional<String> privilegedRole(AuditContext c, String roleDefinitionId) {
    if (roleDefinitionId == null) return Optional.empty();
    String id = roleDefinitionId.toLowerCase(Locale.ROOT);
    if (PrivilegedAccess.ROLES.containsKey(id)) return Optional.of(PrivilegedAccess.ROLES.get(id));
    for (RoleDefinition d : c.roleDefinitions()) {
      if (!id.equalsIgnoreCase(d.id()) || d.templateId() == null) continue;
      String name = PrivilegedAccess.ROLES.get(d.templateId().toLowerCase(Locale.ROOT));
      if (name != null) return Optional.of(d.displayName() == null ? name : d.displayName());
    }
    return Optional.empty();
  }
}
