package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;
import java.util.ArrayList;
import java.util.List;

/** The implicit flow may issue access tokens (web.implicitGrantSettings.enableAccessTokenIssuance). */
public final class ImplicitGrantEnabled implements Rule {
  private static final Description D = new Description("implicit-grant-enabled", Severity.LOW,
      "Implicit grant issues access tokens",
      "The implicit flow returns access tokens in the URL fragment, where browser history and referrers can leak them; "
          + "the authorization code flow with PKCE replaced it.",
      "Move the client to the authorization code flow with PKCE (MSAL.js 2+), then turn off access tokens under implicit grant.",
      "https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration (access tokens)");

  @Override public Description description() { return D; }

  @Override
  public List<Finding> check(AuditContext c) {
    List<Finding> out = new ArrayList<>();
    for (Registration r : c.tenant().registrations()) {
      if (!r.implicitAccessTokenIssuance()) continue;
      out.add(finding(c.subject(r), "web.implicitGrantSettings.enableAccessTokenIssuance is true",
          Rule.details("enableAccessTokenIssuance", "true")));
    }
    return out;
  }
}
