package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.WellKnown;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The registration (or an enterprise app) reaches the Microsoft Partner API ({@code 4990cffe-…}) or Partner Center
 * ({@code fa3d9a0c-…}). Info, so that an auditor sees the inventory; medium when it is app-only (holds an app role
 * there) or signs in with a client secret, because whoever has that secret reaches the partner's customers.
 */
public final class PartnerApiAccess implements Rule {
  private static final Description D = new Description("partner-api-access", Severity.INFO,
      "Reaches the Microsoft Partner or Partner Center APIs",
      "Partner APIs act across the partner's customer tenants (referrals, billing, delegated administration). Every "
          + "registration that reaches them should be known; medium when it works app-only or with a client secret.",
      "Keep the list short and owned; prefer a certificate to a secret; Partner Center App+User calls need MFA, so use a "
          + "delegated flow (device code or interactive) rather than the password grant.",
      "appreg contract; KelvinTegelaar/CIPP-API Invoke-ExecCreateSAMApp.ps1 (Partner Center appId); "
          + "https://learn.microsoft.com/partner-center/developer/partner-center-authentication");

  static final Set<appreg.provisioning.tenant.AppId> APIS = Set.of(WellKnown.MICROSOFT_PARTNER, WellKnown.PARTNER_CENTER);

  @Override public Description description() { return D; }

  @Override
  public List<Finding> check(AuditContext c) {
    List<Finding> out = new ArrayList<>();
    for (ApiAccess.Reach reach : ApiAccess.find(c, APIS).values()) {
      boolean secret = reach.registration() != null && Credential.of(reach.registration()).stream()
          .anyMatch(x -> x.kind() == Credential.Kind.SECRET && !x.expiredAt(c.now()));
      boolean raised = secret || reach.appOnly();
      String why = reach.appOnly() ? "; app-only access" : secret ? "; signs in with a client secret" : "";
      out.add(finding(raised ? Severity.MEDIUM : Severity.INFO, reach.subject(),
          String.join(" and ", reach.how()) + ": " + String.join(", ", reach.apis()) + why,
          Rule.details("apis", String.join("; ", reach.apis()), "access", String.join(" ", reach.how()),
              "appOnly", Boolean.toString(reach.appOnly()), "clientSecret", Boolean.toString(secret))));
    }
    return out;
  }
}
