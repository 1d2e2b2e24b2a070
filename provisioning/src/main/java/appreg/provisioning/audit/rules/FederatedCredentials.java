package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.Rule;
import appreg.provisioning.tenant.FederatedCredential;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What the federated-credential rules share: how evidence names a credential, and how GitHub's subjects read. */
final class FederatedCredentials {
  private FederatedCredentials() {}

  /**
   * GitHub Actions' issuer (docs.github.com, OpenID Connect reference: "iss"); an enterprise with a unique issuer URL
   * gets this one plus "/ENTERPRISE".
   */
  static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

  /**
   * Claim keys that name only where a workflow lives (a repository or its owner), none of what runs: a subject
   * customised to these alone (GitHub's "Customizing the subject claims", include_claim_keys) trusts every workflow,
   * branch, tag, pull request and environment there.
   */
  private static final Set<String> WHERE_ONLY = Set.of("repo", "repository", "repository_id", "repository_owner",
      "repository_owner_id", "repository_visibility");

  static boolean fromGitHub(FederatedCredential f) {
    String issuer = f.issuer().toLowerCase(Locale.ROOT);
    return issuer.equals(GITHUB_ISSUER) || issuer.startsWith(GITHUB_ISSUER + "/");
  }

  /** "federated credential 'deploy' (issuer …, subject …)" */
  static String describe(FederatedCredential f) {
    return "federated credential '" + f.name() + "' (issuer " + f.issuer() + ", subject " + f.subject() + ")";
  }

  static Map<String, String> details(FederatedCredential f) {
    return Rule.details("credentialType", "federated", "name", f.name(), "issuer", f.issuer(), "subject", f.subject(),
        "audiences", String.join(" ", f.audiences()));
  }

  /** What a GitHub subject trusts beyond one job context, in a phrase; null when it names one context exactly. */
  static String gitHubBreadth(String subject) {
    if (subject.endsWith(":pull_request") && subject.startsWith("repo:")) {
      return "every pull request of " + subject.substring("repo:".length(), subject.length() - ":pull_request".length());
    }
    List<String> parts = List.of(subject.split(":", -1));
    if (parts.size() < 2 || parts.size() % 2 != 0) return null;
    List<String> where = new ArrayList<>();
    for (int i = 0; i < parts.size(); i += 2) {
      if (!WHERE_ONLY.contains(parts.get(i))) return null;
      where.add(parts.get(i) + " " + parts.get(i + 1));
    }
    return "every workflow, branch, tag and pull request of " + String.join(", ", where);
  }
}
