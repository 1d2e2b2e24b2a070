package appreg.provisioning.profile;

import appreg.provisioning.UsageException;

/**
 * How a profile's application signs in, as {@code init --credential} chooses: a client secret (the profiles' default),
 * a certificate appreg makes, or a federated credential for GitHub Actions. A federated credential names the one
 * repository it trusts; appreg never guesses it, because trusting the wrong repository lets its owner sign in.
 */
public record CredentialChoice(Kind kind, String githubRepo, String githubEnvironment) {
  public enum Kind { SECRET, CERTIFICATE, FEDERATED }

  public static final CredentialChoice SECRET = new CredentialChoice(Kind.SECRET, null, null);

  public CredentialChoice {
    if (kind == Kind.FEDERATED && (githubRepo == null || githubRepo.isBlank())) {
      throw new UsageException("--credential federated needs --github-repo OWNER/NAME: the repository whose GitHub Actions "
          + "workflows may sign in as the application (appreg does not guess it: trusting the wrong repository lets its "
          + "owner in)");
    }
    if (kind != Kind.FEDERATED && (githubRepo != null || githubEnvironment != null)) {
      throw new UsageException("--github-repo and --github-environment go with --credential federated");
    }
  }
}
