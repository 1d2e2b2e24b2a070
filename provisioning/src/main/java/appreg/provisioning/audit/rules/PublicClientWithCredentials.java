package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;

/**
 * A public client (isFallbackPublicClient, or redirect URIs only on the public-client platform) holds credentials.
 * A public client runs on devices that cannot keep a secret, so a credential on it is either unused or leaked.
 */
public final class PublicClientWithCredentials implements RegistrationRule {
  private static final Description D = new Description("public-client-with-credentials", Severity.MEDIUM,
      "Public client holds credentials",
      "Public clients (desktop, mobile, device-code apps) cannot keep a secret; a credential on such a registration is "
          + "either unused or already shipped to every device.",
      "Remove the credentials, or split the confidential part into its own registration.",
      "https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration audited, Consumer<Finding> out) {
    Registration r = audited.registration();
    boolean publicOnly = !r.publicClientRedirectUris().isEmpty() && r.webRedirectUris().isEmpty() && r.spaRedirectUris().isEmpty();
    if (!r.fallbackPublicClient() && !publicOnly) return;
    long creds = audited.credentials().stream().filter(x -> !x.expiredAt(audited.now())).count();
    if (creds == 0) return;
    out.accept(finding(audited.subject(), (r.fallbackPublicClient() ? "isFallbackPublicClient is true" : "only public-client redirect URIs")
            + " and " + creds + " unexpired credential" + (creds == 1 ? "" : "s"),
        Rule.details("isFallbackPublicClient", Boolean.toString(r.fallbackPublicClient()), "credentials", Long.toString(creds))));
  }
}
