package appreg.provisioning.manifest;

import java.util.List;
import java.util.Objects;

/**
 * A federated identity credential: Entra exchanges a token from {@code issuer} whose {@code sub} is {@code subject}
 * (and whose {@code aud} is one of {@code audiences}) for a token of this application. {@code name} is its identity on
 * the registration (Graph addresses it by name; immutable once created). {@code github} is set when the manifest used
 * the GitHub shorthand, so that apply can print the {@code azure/login} inputs; {@code description} may be null.
 */
public record FederatedCredentialSpec(String name, String issuer, String subject, List<String> audiences,
                                      String description, GitHub github, Where where) {
  /** The audience Entra documents for workload identity federation. */
  public static final String DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
  /** GitHub Actions' OIDC issuer. */
  public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
  /** Graph's limit per application (microsoft-graph-docs-contrib federatedidentitycredentials-overview.md). */
  public static final int MAX_PER_APPLICATION = 20;

  public FederatedCredentialSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    audiences = audiences == null || audiences.isEmpty() ? List.of(DEFAULT_AUDIENCE) : List.copyOf(audiences);
    where = where == null ? new Where(null, 0, 0) : where;
  }

  /** What the GitHub shorthand said: the repository and which workflows it trusts (one of the four). */
  public record GitHub(String repo, String environment, String branch, String tag, boolean pullRequest) {
    /** "environment production", "branch main", "tag v1", "pull requests". */
    public String describe() {
      if (environment != null) return "environment " + environment;
      if (branch != null) return "branch " + branch;
      if (tag != null) return "tag " + tag;
      return "pull requests";
    }
  }
}
