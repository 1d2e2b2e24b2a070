package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.CompactServicePrincipal;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.IntendedRegistration;
import appreg.provisioning.audit.PrivilegedAccess;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.WellKnown;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Consent (an app role assignment, or an admin grant for all users) to a permission the registration does not ask
 * for. What counts as asked for: the manifest's permissions when a manifest declares the registration, else its
 * requiredResourceAccess. The OpenID Connect scopes (openid, profile, email, offline_access) are never reported,
 * and single-user grants are left alone (incremental consent produces them legitimately).
 */
public final class ConsentBeyondRequested implements TenantRule {
  private static final Set<String> OIDC = Set.of("openid", "profile", "email", "offline_access");
  private static final Description D = new Description("consent-beyond-requested", Severity.MEDIUM,
      "Consent granted beyond what is requested",
      "Permissions granted behind the registration's back are a hallmark of illicit consent grants and of "
          + "AppRoleAssignment.ReadWrite.All abuse; they also survive every review of the registration itself. "
          + "High when one of the extra permissions is in the privileged tiers.",
      "Remove the extra grant or app role assignment, or add the permission to the registration (or manifest) if it is meant.",
      "appreg contract; cisagov/ScubaGear MS.AAD.5.2v1 rationale (consent grant attacks)");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.DELEGATED_GRANTS, TenantPart.APP_ROLE_ASSIGNMENTS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (CompactRegistration r : c.registrations()) {
      Optional<CompactServicePrincipal> sp = c.servicePrincipal(r.appId());
      if (sp.isEmpty()) continue;
      List<AuditContext.Consented> consented = c.consented(sp.get());
      if (consented.isEmpty()) continue;   // most service principals hold nothing: nothing to compare
      Optional<IntendedRegistration> intended = Optional.ofNullable(r.declared());
      Set<PermissionNotConsented.Key> asked = intended.isPresent() ? intendedKeys(c, intended.get()) : requestedKeys(c, r);
      Map<AppId, List<String>> extra = new LinkedHashMap<>();
      Map<AppId, String> apiNames = new LinkedHashMap<>();
      for (AuditContext.Consented p : consented) {
        if (!p.allPrincipals()) continue;
        if (p.type() == PermissionType.SCOPE && OIDC.contains(p.value())) continue;
        if (asked.contains(PermissionNotConsented.key(p.resourceAppId(), p.type(), p.value()))
            || (!p.id().isEmpty() && asked.contains(PermissionNotConsented.key(p.resourceAppId(), p.type(), p.id())))) continue;
        List<String> list = extra.computeIfAbsent(p.resourceAppId(), k -> new ArrayList<>());
        String label = PermissionNotConsented.label(p.type(), p.value());
        if (!list.contains(label)) list.add(label);
        apiNames.put(p.resourceAppId(), p.resource().displayName().isBlank() ? p.resourceAppId().value() : p.resource().displayName());
      }
      String against = intended.isPresent() ? "the manifest" : "requiredResourceAccess";
      for (Map.Entry<AppId, List<String>> e : extra.entrySet()) {
        boolean high = e.getKey().equals(WellKnown.MICROSOFT_GRAPH)
            && e.getValue().stream().anyMatch(l -> PrivilegedAccess.isHighPrivilege(l.substring(0, l.indexOf(' '))));
        out.accept(finding(high ? Severity.HIGH : Severity.MEDIUM, r.subject(),
            apiNames.get(e.getKey()) + ": " + String.join(", ", e.getValue()) + " consented but not in " + against,
            Rule.details("api", apiNames.get(e.getKey()), "resourceAppId", e.getKey().value(),
                "permissions", String.join(" ", e.getValue()), "comparedWith", intended.isPresent() ? "manifest" : "requiredResourceAccess")));
      }
    }
  }

  private static Set<PermissionNotConsented.Key> requestedKeys(AuditContext c, CompactRegistration r) {
    Set<PermissionNotConsented.Key> keys = new HashSet<>();
    for (AuditContext.Requested q : c.requested(r)) {
      keys.add(PermissionNotConsented.key(q.resourceAppId(), q.type(), q.value()));
      keys.add(PermissionNotConsented.key(q.resourceAppId(), q.type(), q.id()));
    }
    return keys;
  }

  private static Set<PermissionNotConsented.Key> intendedKeys(AuditContext c, IntendedRegistration i) {
    Set<PermissionNotConsented.Key> keys = new HashSet<>();
    for (IntendedRegistration.Permission p : i.permissions()) {
      Optional<CompactServicePrincipal> api = c.api(p.api());
      if (api.isEmpty()) continue;
      keys.add(PermissionNotConsented.key(api.get().appId(), p.type(), p.value()));
    }
    return keys;
  }
}
