package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.WellKnown;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Shared by the rules on consented Microsoft Graph permissions: one finding per service principal, naming each permission. */
final class HighPrivilegeAppPermission {
  private HighPrivilegeAppPermission() {}

  static List<Finding> check(Rule rule, AuditContext c, PermissionType type, Set<String> names, boolean allPrincipalsOnly, String how) {
    List<Finding> out = new ArrayList<>();
    for (ServicePrincipal sp : c.tenant().servicePrincipals()) {
      Set<String> held = new TreeSet<>();
      for (AuditContext.Consented p : c.consented(sp)) {
        if (p.type() != type || !p.resourceAppId().equals(WellKnown.MICROSOFT_GRAPH)) continue;
        if (allPrincipalsOnly && !p.allPrincipals()) continue;
        if (names.contains(p.value())) held.add(p.value());
      }
      if (held.isEmpty()) continue;
      out.add(rule.finding(c.subject(sp), how + " Microsoft Graph " + String.join(", ", held),
          Rule.details("api", "Microsoft Graph", "permissionType", type == PermissionType.ROLE ? "application" : "delegated",
              "permissions", String.join(" ", held))));
    }
    return out;
  }
}
