package appreg.provisioning.profile;

import appreg.provisioning.UsageException;
import appreg.provisioning.certificate.SelfSigned;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.CertificateSpec;
import appreg.provisioning.manifest.FederatedCredentialSpec;
import appreg.provisioning.manifest.Keys;
import appreg.provisioning.manifest.PermissionSpec;
import appreg.provisioning.manifest.SecretSpec;
import appreg.provisioning.manifest.Where;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.WellKnown;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The application half of a profile and the comments that explain it in {@code init}'s output. APIs are named by
 * appId, never by display name: several first-party APIs share names (see docs/profiles.md).
 */
record Blueprint(
    String name,
    String displayName,
    String audienceComment,
    List<String> webRedirectUris,
    String redirectComment,
    List<Api> apis,
    String consentComment,
    List<String> optionalBlock) {

  record Api(AppId appId, String apiName, List<String> delegated, List<String> application) {}

  /** Where editors find the schema when the manifest sits at the root of an appreg checkout. */
  static final String SCHEMA = "docs/manifest.schema.json";

  private static final Api PARTNER_USER_IMPERSONATION = new Api(WellKnown.MICROSOFT_PARTNER,
      "Microsoft Partner (Microsoft Dev Center)", List.of("user_impersonation"), List.of());

  private static final List<Blueprint> ALL = List.of(
      new Blueprint("partner-referrals", "Partner Center Referrals",
          "single tenant, as the Referrals setup suggests",
          List.of("https://localhost"), "where the sign-in returns when you get an App+User token interactively",
          List.of(PARTNER_USER_IMPERSONATION),
          "the Referrals setup ends with an administrator's consent",
          List.of()),
      new Blueprint("partner-insights", "Partner Center Insights",
          "single tenant",
          List.of("https://localhost"), "where the sign-in returns when you get an App+User token interactively",
          List.of(PARTNER_USER_IMPERSONATION),
          "Microsoft Partner's delegated permission needs an administrator's consent",
          List.of()),
      new Blueprint("entra-reporting", "Entra Reporting API",
          "accounts in this organization only, as the reporting setup says",
          List.of("https://localhost"), "the redirect URI the reporting setup registers",
          List.of(new Api(WellKnown.MICROSOFT_GRAPH, "Microsoft Graph", List.of(),
              List.of("AuditLog.Read.All", "Directory.Read.All"))),
          "Graph application permissions: needs a Privileged Role Administrator",
          List.of(
              "Optional: let appreg give a user the Security Reader role the reporting API asks for.",
              "directoryRoles:",
              "  - role: Security Reader",
              "    assignee: admin@contoso.onmicrosoft.com   # a user principal name or object id")));

  static Blueprint of(String name) {
    for (Blueprint b : ALL) if (b.name.equals(name)) return b;
    throw new UsageException("unknown profile '" + name + "'; the profiles are: " + Profiles.names());
  }

  ApplicationSpec application(String key, String name) {
    return application(key, name, CredentialChoice.SECRET);
  }

  ApplicationSpec application(String key, String name, CredentialChoice credential) {
    String k = key == null ? this.name : key;
    Keys.problem(k).ifPresent(problem -> {
      throw new UsageException("cannot use key '" + k + "': " + problem);
    });
    String n = name == null ? displayName : name;
    if (n.isBlank()) throw new UsageException("the display name is empty");
    if (n.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new UsageException("the display name contains a control character (a line break or tab?)");
    }
    List<PermissionSpec> permissions = new ArrayList<>();
    for (Api api : apis) {
      permissions.add(new PermissionSpec(api.appId().value(), api.delegated(), api.application(), origin()));
    }
    SecretSpec secret = credential.kind() == CredentialChoice.Kind.SECRET ? SecretSpec.defaults() : null;
    CertificateSpec certificate = credential.kind() == CredentialChoice.Kind.CERTIFICATE
        ? new CertificateSpec(CertificateSpec.DEFAULT_DISPLAY_NAME, new CertificateSpec.Generate("CN=" + k,
            SelfSigned.KeyType.RSA, CertificateSpec.DEFAULT_RSA_BITS, CertificateSpec.DEFAULT_LIFETIME_DAYS,
            CertificateSpec.DEFAULT_ROTATE_WITHIN_DAYS), null, origin())
        : null;
    List<FederatedCredentialSpec> federated = credential.kind() == CredentialChoice.Kind.FEDERATED
        ? List.of(github(credential)) : List.of();
    return new ApplicationSpec(k, n, ApplicationSpec.DEFAULT_SIGN_IN_AUDIENCE, null, webRedirectUris, List.of(),
        List.of(), permissions, true, secret, certificate, federated, List.of(), List.of(), this.name, origin());
  }

  /** One credential for the repository's workflows: a deployment environment when named, else the main branch. */
  private FederatedCredentialSpec github(CredentialChoice c) {
    var gh = c.githubEnvironment() == null
        ? new FederatedCredentialSpec.GitHub(c.githubRepo(), null, "main", null, false)
        : new FederatedCredentialSpec.GitHub(c.githubRepo(), c.githubEnvironment(), null, null, false);
    String subject = "repo:" + gh.repo() + ":" + (gh.environment() != null ? "environment:" + gh.environment() : "ref:refs/heads/main");
    return new FederatedCredentialSpec("github-deploy", FederatedCredentialSpec.GITHUB_ISSUER, subject, null, null, gh, origin());
  }

  private Where origin() {
    return new Where("profile " + name, 0, 0);
  }

  String yaml(Profile profile, String key, String name, CredentialChoice credential) {
    ApplicationSpec app = application(key, name, credential);
    SecretSpec secret = app.secret();
    Lines y = new Lines();
    y.raw("# yaml-language-server: $schema=" + SCHEMA);
    y.raw("# appreg manifest from the built-in profile '" + profile.name() + "':");
    y.raw("#   " + profile.purpose());
    y.raw("# Source: " + profile.source());
    y.raw("# Check it with `appreg plan -f FILE`; apply it with `appreg apply -f FILE --secret-dir DIR`.");
    y.raw("# Fields, defaults and what each becomes in Graph: docs/manifest.md");
    y.raw("applications:");
    y.line("  - key: " + scalar(app.key()), "stable identity in the tenant: becomes the registration's uniqueName");
    y.line("    profile: " + app.profile(), "apply prints this profile's manual steps and first-token recipe");
    y.line("    displayName: " + scalar(app.displayName()), null);
    y.line("    signInAudience: " + app.signInAudience(), audienceComment);
    y.line("    web:", null);
    y.line("      redirectUris: [" + String.join(", ", app.webRedirectUris()) + "]", redirectComment);
    y.line("    permissions:", null);
    for (Api api : apis) {
      y.line("      - api: " + api.appId(), api.apiName());
      if (!api.delegated().isEmpty()) y.line("        delegated: [" + String.join(", ", api.delegated()) + "]", null);
      if (!api.application().isEmpty()) {
        y.line("        application: [" + String.join(", ", api.application()) + "]", null);
      }
    }
    y.line("    adminConsent: " + app.adminConsent(), consentComment);
    if (secret != null) {
      y.line("    secret:", "a client secret, delivered once to --secret-dir or --show-secret");
      y.line("      displayName: " + scalar(secret.displayName()), null);
      y.line("      lifetimeDays: " + secret.lifetimeDays(), "1 to " + SecretSpec.MAX_LIFETIME_DAYS
          + "; a tenant policy may allow less");
      y.line("      rotateWithinDays: " + secret.rotateWithinDays(), "a new secret is issued when the newest expires sooner");
    }
    if (app.certificate() != null) {
      CertificateSpec.Generate g = app.certificate().generate();
      y.line("    certificate:", "made by appreg; its private key goes to --secret-dir only");
      y.line("      displayName: " + scalar(app.certificate().displayName()), null);
      y.line("      generate:", null);
      y.line("        subject: " + scalar(g.subject()), null);
      y.line("        keyType: " + g.keyType(), "RSA (Entra's sign-in libraries sign with RSA) or EC");
      y.line("        keySize: " + g.keyBits(), "2048, 3072 or 4096");
      y.line("        lifetimeDays: " + g.lifetimeDays(), "1 to " + CertificateSpec.MAX_LIFETIME_DAYS);
      y.line("        rotateWithinDays: " + g.rotateWithinDays(), "a new certificate is made when the newest expires sooner");
    }
    for (FederatedCredentialSpec f : app.federatedCredentials()) {
      y.line("    federatedCredentials:", "GitHub Actions signs in with its own token: no secret to keep");
      y.line("      - name: " + f.name(), "cannot change once created");
      var gh = f.github();
      String which = gh.environment() != null ? "environment: " + scalar(gh.environment()) : "branch: " + scalar(gh.branch());
      y.line("        github: {repo: " + scalar(gh.repo()) + ", " + which + "}", "subject " + f.subject());
    }
    if (!optionalBlock.isEmpty()) {
      for (String line : optionalBlock) y.raw("    # " + line);
    }
    y.raw("    # Owners: user principal names or object ids. Left out, a run with a user's sign-in makes that user the");
    y.raw("    # owner of a registration that has none. Microsoft advises at least two.");
    y.raw("    # owners: [admin@contoso.onmicrosoft.com]");

    y.raw("#");
    y.raw("# Steps appreg cannot do through Graph (apply prints them again):");
    int i = 1;
    for (ManualStep step : profile.checklist()) {
      y.wrapped("#  " + i++ + ". ", step.text());
      y.raw("#     " + step.link());
    }
    if (!profile.reminders().isEmpty()) {
      y.raw("# Remember:");
      for (String reminder : profile.reminders()) y.wrapped("#  - ", reminder);
    }
    return y.toString();
  }

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_./][A-Za-z0-9 _./()+,'-]*");
  private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

  /** A YAML scalar for {@code s}: plain when it reads back as the same text, else double-quoted. */
  static String scalar(String s) {
    boolean plain = PLAIN.matcher(s).matches() && !s.endsWith(" ") && !s.contains(" #") && !s.contains(": ")
        && !RESERVED.contains(s.toLowerCase(Locale.ROOT)) && !s.matches("[-+.0-9_]+.*[0-9]?") && !s.contains(",");
    return plain ? s : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }

  /** Lines of YAML with trailing comments lined up in one column. */
  private static final class Lines {
    private static final int COMMENT_COLUMN = 44;
    private static final int WIDTH = 100;
    private final StringBuilder out = new StringBuilder();

    void raw(String line) {
      out.append(line).append('\n');
    }

    void line(String text, String comment) {
      if (comment == null) {
        raw(text);
      } else {
        raw(text + " ".repeat(Math.max(2, COMMENT_COLUMN - text.length())) + "# " + comment);
      }
    }

    void wrapped(String first, String text) {
      String indent = "#" + " ".repeat(first.length() - 1);
      StringBuilder line = new StringBuilder(first);
      for (String word : text.split(" ")) {
        if (line.length() + word.length() + 1 > WIDTH && line.length() > first.length()) {
          raw(line.toString().stripTrailing());
          line = new StringBuilder(indent);
        }
        line.append(word).append(' ');
      }
      raw(line.toString().stripTrailing());
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
