package appreg.cli.command;

import appreg.cli.ExitCodes;
import appreg.cli.option.OutputOptions;
import appreg.cli.render.Json;
import appreg.provisioning.ManifestException;
import appreg.provisioning.UsageException;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.ManifestReader;
import appreg.provisioning.manifest.PermissionSpec;
import appreg.provisioning.profile.CredentialChoice;
import appreg.provisioning.profile.Profile;
import appreg.provisioning.profile.Profiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init",
    description = {
        "Print a manifest for a built-in profile, ready for plan and apply.",
        "The YAML is commented: which API each appId is, and the steps Graph cannot do with links to Microsoft's "
            + "pages. --format json prints the same manifest as JSON, without comments. Nothing is read from or "
            + "written to a tenant.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg init --profile partner-referrals",
        "  appreg init --profile entra-reporting --key contoso-reports --out appreg.yaml",
        "  appreg init --profile partner-insights --name \"Contoso Insights\" --format json",
        "  appreg init --profile entra-reporting --credential certificate",
        "  appreg init --profile entra-reporting --credential federated \\",
        "      --github-repo contoso/reports --github-environment production",
        "",
        "Documentation: docs/profiles.md, docs/manifest.md"})
public final class InitCommand extends Subcommand implements Callable<Integer> {
  @Option(names = "--profile", required = true, paramLabel = "PROFILE", completionCandidates = ProfileNames.class,
      description = "The built-in profile: ${COMPLETION-CANDIDATES} (see appreg profiles).")
  String profile;

  @Option(names = "--key", paramLabel = "KEY",
      description = "The application's key, its identity in the tenant (Graph uniqueName): letters, digits, '-', "
          + "'_' and '.', at most 120. Default: the profile's name.")
  String key;

  @Option(names = "--name", paramLabel = "DISPLAYNAME", description = "The registration's display name. Default: the "
      + "profile's (e.g. \"Partner Center Referrals\").")
  String displayName;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the manifest to FILE (atomically) instead of stdout.")
  Path out;

  @Option(names = "--credential", paramLabel = "KIND", defaultValue = "secret",
      description = "How the application signs in: secret (a client secret, the default), certificate (one appreg "
          + "makes; its private key goes to --secret-dir) or federated (GitHub Actions, no secret; needs --github-repo).")
  String credential;

  @Option(names = "--github-repo", paramLabel = "OWNER/NAME",
      description = "With --credential federated: the repository whose GitHub Actions workflows may sign in.")
  String githubRepo;

  @Option(names = "--github-environment", paramLabel = "NAME",
      description = "With --credential federated: trust only this deployment environment. Default: the main branch.")
  String githubEnvironment;

  @Option(names = "--force", description = "Overwrite FILE when it exists (init never replaces a manifest without it).")
  boolean force;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws IOException {
    if (!output.json() && !"text".equalsIgnoreCase(output.format)) {
      throw new UsageException("--format " + output.format + ": init prints text (YAML) or json");
    }
    Profile p = Profiles.get(profile);
    CredentialChoice choice = new CredentialChoice(kind(credential), githubRepo, githubEnvironment);
    String text = output.json() ? json(p.application(key, displayName, choice)) : p.manifestYaml(key, displayName, choice);
    try {
      ManifestReader.parse(text, output.json() ? "init.json" : "init.yaml");    // what we print must read back
    } catch (ManifestException e) {
      throw new UsageException("the manifest would not be valid: " + e.problem());
    }
    Path file = OutFile.target(io(), out, force, OutFile.Kind.MANIFEST);
    if (file == null) {
      io().out().print(text);
      return ExitCodes.OK;
    }
    OutFile.write(file, out, os -> os.write(text.getBytes(StandardCharsets.UTF_8)));
    io().err().println("wrote " + out + " (profile " + p.name() + "); next: appreg plan -f " + out);
    if (output.json()) Json.print(io().out(), Json.object().put("wrote", out.toString()).put("profile", p.name()));
    return ExitCodes.OK;
  }

  private static CredentialChoice.Kind kind(String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "secret" -> CredentialChoice.Kind.SECRET;
      case "certificate" -> CredentialChoice.Kind.CERTIFICATE;
      case "federated" -> CredentialChoice.Kind.FEDERATED;
      default -> throw new UsageException("--credential " + value + ": use secret, certificate or federated");
    };
  }

  /** The manifest's JSON form: the same fields as the YAML, so ManifestReader reads either. */
  private static String json(ApplicationSpec app) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("$schema", "docs/manifest.schema.json");
    ObjectNode a = root.putArray("applications").addObject();
    a.put("key", app.key());
    a.put("profile", app.profile());
    a.put("displayName", app.displayName());
    a.put("signInAudience", app.signInAudience());
    redirects(a, "web", app.webRedirectUris());
    redirects(a, "spa", app.spaRedirectUris());
    redirects(a, "publicClient", app.publicClientRedirectUris());
    for (PermissionSpec perm : app.permissions()) {
      ObjectNode p = a.withArray("permissions").addObject();
      p.put("api", perm.api());
      if (!perm.delegated().isEmpty()) perm.delegated().forEach(p.putArray("delegated")::add);
      if (!perm.application().isEmpty()) perm.application().forEach(p.putArray("application")::add);
    }
    a.put("adminConsent", app.adminConsent());
    if (app.secret() != null) {
      a.putObject("secret").put("displayName", app.secret().displayName())
          .put("lifetimeDays", app.secret().lifetimeDays())
          .put("rotateWithinDays", app.secret().rotateWithinDays());
    }
    if (app.certificate() != null) {
      var g = app.certificate().generate();
      a.putObject("certificate").put("displayName", app.certificate().displayName()).putObject("generate")
          .put("subject", g.subject()).put("keyType", g.keyType().name()).put("keySize", g.keyBits())
          .put("lifetimeDays", g.lifetimeDays()).put("rotateWithinDays", g.rotateWithinDays());
    }
    for (var f : app.federatedCredentials()) {
      ObjectNode fic = a.withArray("federatedCredentials").addObject();
      fic.put("name", f.name());
      ObjectNode gh = fic.putObject("github").put("repo", f.github().repo());
      if (f.github().environment() != null) gh.put("environment", f.github().environment());
      else gh.put("branch", f.github().branch());
    }
    return mapper.writeValueAsString(root) + "\n";
  }

  private static void redirects(ObjectNode app, String platform, List<String> uris) {
    if (!uris.isEmpty()) uris.forEach(app.putObject(platform).putArray("redirectUris")::add);
  }

  /** Lets picocli list the profile names in help and shell completion. */
  public static final class ProfileNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Profiles.all().stream().map(Profile::name).iterator();
    }
  }
}
