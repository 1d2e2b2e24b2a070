package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.CompactServicePrincipal;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.WellKnown;
import java.util.Set;
import java.util.TreeSet;

/** Shared by the rules on consented Microsoft Graph permissions: one finding per service principal, naming each permission. */
final class HighPrivilegeAppPermission {
  private HighPrivilegeAppPermission() {}

  private static final Set<AppId> MICROSOFT_GRAPH = Set.of(WellKnown.MICROSOFT_GRAPH);

  static void check(Rule rule, AuditContext c, PermissionType type, Set<String> names, boolean allPrincipalsOnly, String how,
                    Consumer<Finding> out) {
    for (CompactServicePrincipal sp : c.servicePrincipals()) {
      Set<String> held = new TreeSet<>();
      for (AuditContext.Consented p : c.consented(sp, MICROSOFT_GRAPH)) {
        if (p.type() != type) continue;
        if (allPrincipalsOnly && !p.allPrincipals()) continue;
        if (names.contains(p.value())) held.add(p.value());
      }
      if (held.isEmpty()) continue;
      out.accept(rule.finding(c.subject(sp), how + " Microsoft Graph " + String.join(", ", held),
          Rule.details("api", "Microsoft Graph", "permissionType", type == PermissionType.ROLE ? "application" : "delegated",
              "permissions", String.join(" ", held))));
    }
  }
}
