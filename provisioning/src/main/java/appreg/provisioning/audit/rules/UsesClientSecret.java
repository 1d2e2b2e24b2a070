package appreg.provisioning.audit.rules;

import java.util.Locale;
import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;

/**
 * The registration signs in with a client secret (at least one unexpired password credential). The evidence names
 * the manifest entry that moves it to a certificate appreg makes (docs/manifest.md, "A certificate"); the fix shows
 * the federated-credential alternative, which needs the workload's own repository or cluster and cannot be guessed.
 */
public final class UsesClientSecret implements RegistrationRule {
  private static final Description D = new Description("uses-client-secret", Severity.LOW,
      "Signs in with a client secret",
      "A secret is a password that can be copied from wherever it is stored; certificates and federated credentials "
          + "(workload identity federation, managed identity) cannot be replayed that way.",
      "Where the platform allows it, switch to a certificate or a federated identity credential and remove the secret. "
          + "In the registration's appreg manifest entry, replace secret with certificate: {generate: {}} (appreg makes "
          + "the certificate and delivers its private key to --secret-dir), or with federatedCredentials: "
          + "[{name: deploy, github: {repo: OWNER/REPO, environment: production}}] (a GitHub Actions job of that "
          + "environment signs in with nothing stored); a registration without a key is adopted with key and appId. "
          + "Apply, deploy the new credential where the app runs, then remove the secret.",
      "cisagov/ScubaGear MS.AAD.5.5v1 (rationale); maester MT.1057; https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration r, Consumer<Finding> out) {
    long secrets = r.credentials().stream().filter(x -> x.kind() == Credential.Kind.SECRET && !x.expiredAt(r.now())).count();
    if (secrets == 0) return;
    String entry = manifestEntry(r);
    out.accept(finding(r.subject(), secrets + " unexpired client secret" + (secrets == 1 ? "" : "s")
            + "; the manifest entry " + entry + " replaces it with a certificate (a federated credential: see the fix)",
        Rule.details("secrets", Long.toString(secrets), "manifestEntry", entry)));
  }

  /**
   * One line of flow-style YAML, a whole manifest entry with a generated certificate: the registration's key when it
   * has one (uniqueName or the manifest's), else one made from its name, and its appId, which adopts it as it is.
   */
  static String manifestEntry(AuditedRegistration r) {
    String key = r.subject().key().isEmpty() ? keyFrom(r.subject().displayName()) : r.subject().key();
    return "{key: " + key + (r.subject().appId() == null ? "" : ", appId: " + r.subject().appId().value())
        + ", certificate: {generate: {}}}";
  }

  /**
   * A manifest key (ASCII letters, digits, '-', '_', '.'; at most 120) from a display name; "app" when nothing is left:
   * the name in lower case, each run of other characters made one '-', then '-' and '.' trimmed from both ends (as
   * replacing {@code [^a-z0-9._-]+} with "-" and then {@code ^[-.]+|[-.]+$} with "" would), character by character.
   */
  public static String keyFrom(String displayName) {
    String lower = displayName.toLowerCase(Locale.ROOT);
    StringBuilder k = new StringBuilder(lower.length());
    boolean inRun = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (kept) {
        k.append(c);
      } else if (!inRun) {
        k.append('-');
      }
      inRun = !kept;
    }
    int from = 0;
    int to = k.length();
    while (from < to && (k.charAt(from) == '-' || k.charAt(from) == '.')) from++;
    while (to > from && (k.charAt(to - 1) == '-' || k.charAt(to - 1) == '.')) to--;
    String key = k.substring(from, Math.min(to, from + 120));
    return key.isEmpty() ? "app" : key;
  }
}
