package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.IntendedRegistration;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.WellKnown;
import java.util.Set;

/**
 * The registration (or an enterprise app) reaches the Microsoft Partner API ({@code 4990cffe-…}) or Partner Center
 * ({@code fa3d9a0c-…}). Info, so that an auditor sees the inventory; medium when it is app-only (holds an app role
 * there) or signs in with a client secret, because whoever has that secret reaches the partner's customers. A
 * registration whose manifest (-f) asks for exactly that (these APIs, of that kind, with a client secret) stays info:
 * the Partner Center setup pages ask for an App+User registration with a secret, and the admin declared it.
 */
public final class PartnerApiAccess implements TenantRule {
  private static final Description D = new Description("partner-api-access", Severity.INFO,
      "Reaches the Microsoft Partner or Partner Center APIs",
      "Partner APIs act across the partner's customer tenants (referrals, billing, delegated administration). Every "
          + "registration that reaches them should be known; medium when it works app-only or with a client secret, "
          + "unless the manifest given with -f declares exactly that access.",
      "Keep the list short and owned; prefer a certificate to a secret; Partner Center App+User calls need MFA, so use a "
          + "delegated flow (device code or interactive) rather than the password grant.",
      "appreg contract; KelvinTegelaar/CIPP-API Invoke-ExecCreateSAMApp.ps1 (Partner Center appId); "
          + "https://learn.microsoft.com/partner-center/developer/partner-center-authentication");

  /** The manifest declares every partner API reached, app roles there if the access is app-only, and the secret. */
  private static boolean declared(AuditContext c, ApiAccess.Reach reach, boolean secret) {
    if (reach.registration() == null) return false;
    var intent = java.util.Optional.ofNullable(reach.registration().declared());
    if (intent.isEmpty() || (secret && !intent.get().clientSecret())) return false;
    java.util.Set<appreg.provisioning.tenant.AppId> named = new java.util.HashSet<>();
    boolean roles = false;
    for (IntendedRegistration.Permission p : intent.get().permissions()) {
      var api = c.api(p.api()).map(sp -> sp.appId()).or(() -> appId(p.api()));
      if (api.isEmpty() || !APIS.contains(api.get())) continue;
      named.add(api.get());
      roles |= p.type() == PermissionType.ROLE;
    }
    return named.containsAll(reach.appIds()) && (!reach.appOnly() || roles);
  }

  private static java.util.Optional<appreg.provisioning.tenant.AppId> appId(String s) {
    try {
      return java.util.Optional.of(new appreg.provisioning.tenant.AppId(s.trim()));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  static final Set<appreg.provisioning.tenant.AppId> APIS = Set.of(WellKnown.MICROSOFT_PARTNER, WellKnown.PARTNER_CENTER);

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.DELEGATED_GRANTS, TenantPart.APP_ROLE_ASSIGNMENTS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (ApiAccess.Reach reach : ApiAccess.find(c, APIS).values()) {
      boolean secret = reach.registration() != null && reach.registration().clientSecret();
      boolean raised = secret || reach.appOnly();
      boolean declared = raised && declared(c, reach, secret);
      String why = reach.appOnly() ? "; app-only access" : secret ? "; signs in with a client secret" : "";
      out.accept(finding(raised && !declared ? Severity.MEDIUM : Severity.INFO, reach.subject(),
          String.join(" and ", reach.how()) + ": " + String.join(", ", reach.apis()) + why
              + (declared ? " (as the manifest declares)" : ""),
          Rule.details("apis", String.join("; ", reach.apis()), "access", String.join(" ", reach.how()),
              "appOnly", Boolean.toString(reach.appOnly()), "clientSecret", Boolean.toString(secret),
              "declaredInManifest", Boolean.toString(declared))));
    }
  }
}
