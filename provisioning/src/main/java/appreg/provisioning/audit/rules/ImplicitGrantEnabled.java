package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;

/** The implicit flow may issue access tokens (web.implicitGrantSettings.enableAccessTokenIssuance). */
public final class ImplicitGrantEnabled implements RegistrationRule {
  private static final Description D = new Description("implicit-grant-enabled", Severity.LOW,
      "Implicit grant issues access tokens",
      "The implicit flow returns access tokens in the URL fragment, where browser history and referrers can leak them; "
          + "the authorization code flow with PKCE replaced it.",
      "Move the client to the authorization code flow with PKCE (MSAL.js 2+), then turn off access tokens under implicit grant.",
      "https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration (access tokens)");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration r, Consumer<Finding> out) {
    if (!r.registration().implicitAccessTokenIssuance()) return;
    out.accept(finding(r.subject(), "web.implicitGrantSettings.enableAccessTokenIssuance is true",
        Rule.details("enableAccessTokenIssuance", "true")));
  }
}
