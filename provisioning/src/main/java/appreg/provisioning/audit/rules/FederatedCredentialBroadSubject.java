package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.TenantPart;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A GitHub federated credential whose subject trusts more than one reviewed context: {@code repo:R:pull_request}
 * (every pull request's workflow, before anyone reviews it), or a customised subject naming only a repository or
 * owner (every workflow there). A subject with {@code *} is reported low: Entra compares subjects exactly
 * (docs/manifest.md), so it was meant as a pattern and matches no token today.
 */
public final class FederatedCredentialBroadSubject implements TenantRule {
  private static final Description D = new Description("federated-credential-broad-subject", Severity.MEDIUM,
      "Federated credential trusts every branch or pull request",
      "A workflow run for a pull request (from any branch anyone with write access pushes, and in a private repository "
          + "that sends tokens to fork pull requests, from forks) signs in as the app before anyone reviews its code; a "
          + "subject customised to just the repository or owner trusts every workflow there. Low for a subject with "
          + "'*': Entra compares subjects exactly, so it matches no token, but whoever wrote it meant every branch.",
      "Trust one protected context: a GitHub environment with required reviewers (manifest: github: {repo: OWNER/REPO, "
          + "environment: production}, subject repo:OWNER/REPO:environment:production) or one branch (branch: main); "
          + "run pull request checks without the app's credential.",
      "docs.github.com OpenID Connect reference (subject claims, customizing the subject claims); docs.github.com "
          + "GITHUB_TOKEN reference (pull requests from forks); MicrosoftDocs/azure-dev-docs, Use GitHub Actions to connect to Azure");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.FEDERATED_CREDENTIALS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (CompactRegistration r : c.registrations()) {
      for (FederatedCredential f : c.federatedCredentials(r)) {
        if (f.subject().contains("*")) {
          Map<String, String> details = new LinkedHashMap<>(FederatedCredentials.details(f));
          details.put("trusts", "nothing (exact match)");
          out.accept(finding(Severity.LOW, r.subject(), FederatedCredentials.describe(f) + " uses '*', which Entra "
              + "compares literally: it matches no token (a pattern needs a flexible credential, claimsMatchingExpression)", details));
          continue;
        }
        if (!FederatedCredentials.fromGitHub(f)) continue;
        String breadth = FederatedCredentials.gitHubBreadth(f.subject());
        if (breadth == null) continue;
        Map<String, String> details = new LinkedHashMap<>(FederatedCredentials.details(f));
        details.put("trusts", breadth);
        out.accept(finding(r.subject(), FederatedCredentials.describe(f) + " trusts " + breadth, details));
      }
    }
  }
}
