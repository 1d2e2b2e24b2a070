package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.CompactServicePrincipal;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.TenantPart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A permission in requiredResourceAccess that nobody consented to: no app role assignment for a role, no grant (for
 * all users or for any one user) for a scope. Registrations without a service principal are left to
 * {@code service-principal-missing}.
 */
public final class PermissionNotConsented implements TenantRule {
  private static final Description D = new Description("permission-not-consented", Severity.MEDIUM,
      "Requested permission not consented",
      "The app asks for a permission it does not have: calls that need it fail, or a consent request is waiting for "
          + "review. Either the request is stale or the consent is missing.",
      "Grant admin consent (appreg apply for a registration in a manifest, or Grant admin consent in the portal), or "
          + "remove the permission from the registration.",
      "appreg contract; Azure CLI add_permission ('grant is needed to make the change effective')");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.DELEGATED_GRANTS, TenantPart.APP_ROLE_ASSIGNMENTS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (CompactRegistration r : c.registrations()) {
      Optional<CompactServicePrincipal> sp = c.servicePrincipal(r.appId());
      if (sp.isEmpty()) continue;
      List<AuditContext.Requested> requested = c.requested(r);
      if (requested.isEmpty()) continue;
      Set<Key> held = new HashSet<>();
      for (AuditContext.Consented p : c.consented(sp.get())) {
        held.add(key(p.resourceAppId(), p.type(), p.value()));
        if (!p.id().isEmpty()) held.add(key(p.resourceAppId(), p.type(), p.id()));
      }
      Map<AppId, List<String>> missing = new LinkedHashMap<>();
      for (AuditContext.Requested q : requested) {
        if (held.contains(key(q.resourceAppId(), q.type(), q.value())) || held.contains(key(q.resourceAppId(), q.type(), q.id()))) continue;
        missing.computeIfAbsent(q.resourceAppId(), k -> new ArrayList<>()).add(label(q.type(), q.value()));
      }
      missing.forEach((api, perms) -> out.accept(finding(r.subject(),
          c.apiName(api) + ": " + String.join(", ", perms) + " requested but not consented"
              + (c.servicePrincipal(api).isEmpty() ? " (the API has no service principal in this tenant)" : ""),
          Rule.details("api", c.apiName(api), "resourceAppId", api.value(), "permissions", String.join(" ", perms)))));
    }
  }

  /** A permission as the two rules compare them: API, kind, and name or id without regard to case. */
  record Key(AppId api, PermissionType type, String value) {}

  static Key key(AppId api, PermissionType type, String value) {
    return new Key(api, type, value.toLowerCase(Locale.ROOT));
  }

  static String label(PermissionType type, String value) {
    return value + (type == PermissionType.ROLE ? " (application)" : " (delegated)");
  }
}
