package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.TenantPart;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.function.Consumer;

/** A federated credential whose issuer is not an https URL. */
public final class FederatedCredentialInsecureIssuer implements TenantRule {
  private static final Description D = new Description("federated-credential-insecure-issuer", Severity.HIGH,
      "Federated credential trusts an issuer that is not https",
      "Entra checks a federated token against the keys the issuer publishes (OpenID Connect discovery at the issuer "
          + "URL); over plain http, or from something that is not a URL, whoever can answer for that address can mint "
          + "tokens that sign in as the app.",
      "Point the credential at the identity provider's https issuer exactly as its tokens carry it in iss, or remove it.",
      "microsoft-graph-docs-contrib api-reference/v1.0/resources/federatedidentitycredential.md (issuer: the URL of the "
          + "external identity provider); https://learn.microsoft.com/entra/workload-id/workload-identity-federation");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.FEDERATED_CREDENTIALS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (CompactRegistration r : c.registrations()) {
      for (FederatedCredential f : c.federatedCredentials(r)) {
        if (isHttps(f.issuer())) continue;
        out.accept(finding(r.subject(), FederatedCredentials.describe(f) + ": the issuer is not an https URL",
            FederatedCredentials.details(f)));
      }
    }
  }

  static boolean isHttps(String issuer) {
    try {
      URI u = new URI(issuer);
      return "https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null && !u.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
