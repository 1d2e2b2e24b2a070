package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.graph.Loopback;
import appreg.provisioning.tenant.Registration;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A redirect URI that can hand tokens to someone else: plain http off loopback, a wildcard, or a URN. */
public final class InsecureRedirectUri implements RegistrationRule {
  private static final Description D = new Description("insecure-redirect-uri", Severity.MEDIUM,
      "Insecure redirect URI",
      "Entra sends authorization codes and tokens to the redirect URI: over plain http they can be read on the way, a "
          + "wildcard matches hosts nobody owns, and URN (out-of-band) redirects are deprecated flows.",
      "Use https redirect URIs on hosts you own (http only for loopback during development); remove wildcards and URNs.",
      "https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration (redirect URI)");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration audited, Consumer<Finding> out) {
    Registration r = audited.registration();
    List<String> bad = new ArrayList<>();
    for (List<String> uris : List.of(r.webRedirectUris(), r.spaRedirectUris(), r.publicClientRedirectUris())) {
      for (String uri : uris) {
        String why = problem(uri);
        if (why != null) bad.add(uri + " (" + why + ")");
      }
    }
    if (bad.isEmpty()) return;
    out.accept(finding(audited.subject(), String.join(", ", bad), Rule.details("redirectUris", String.join(" ", bad))));
  }

  static String problem(String uri) {
    if (uri.contains("*")) return "wildcard";
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("urn:")) return "URN";
    if (lower.startsWith("http://")) {
      try {
        if (!Loopback.isLoopbackHost(URI.create(uri).getHost())) return "plain http";
      } catch (IllegalArgumentException e) {
        return "plain http";
      }
    }
    return null;
  }
}
