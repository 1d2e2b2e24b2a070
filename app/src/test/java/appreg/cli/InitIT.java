package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.certificate.SelfSigned;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.CertificateSpec;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"partner-referrals", "partner-insights", "entra-reporting"})
  void printsAManifestThatValidatesUnchanged(String profile) throws Exception {
    CliRun r = CliRun.run(dir, "init", "--profile", profile);
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("", r.stderr());
    Path file = dir.resolve(profile + ".yaml");
    Files.writeString(file, r.stdout());
    Manifest m = ManifestReader.read(file);
    assertEquals(profile, m.applications().get(0).key());
    assertTrue(r.stdout().startsWith("# yaml-language-server: $schema="), r.stdout());
    assertTrue(r.stdout().contains("# Steps appreg cannot do through Graph"), r.stdout());
  }

  @ParameterizedTest
  @ValueSource(strings = {"partner-referrals", "partner-insights", "entra-reporting"})
  void printsTheSameManifestAsJson(String profile) throws Exception {
    CliRun yaml = CliRun.run(dir, "init", "--profile", profile, "--key", "k1", "--name", "Name One");
    CliRun json = CliRun.run(dir, "init", "--profile", profile, "--key", "k1", "--name", "Name One", "--format", "json");
    assertEquals(0, json.exitCode(), json.toString());
    assertTrue(json.stdout().startsWith("{"), json.stdout());
    ApplicationSpec fromYaml = ManifestReader.parse(yaml.stdout(), "m.yaml").applications().get(0);
    ApplicationSpec fromJson = ManifestReader.parse(json.stdout(), "m.json").applications().get(0);
    assertEquals(fromYaml.key(), fromJson.key());
    assertEquals(fromYaml.displayName(), fromJson.displayName());
    assertEquals(fromYaml.webRedirectUris(), fromJson.webRedirectUris());
    assertEquals(fromYaml.secret(), fromJson.secret());
    assertEquals(fromYaml.permissions().get(0).api(), fromJson.permissions().get(0).api());
    assertEquals(fromYaml.permissions().get(0).delegated(), fromJson.permissions().get(0).delegated());
    assertEquals(fromYaml.permissions().get(0).application(), fromJson.permissions().get(0).application());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yaml", "json"})
  void aCertificateOrAFederatedCredentialReplacesTheSecret(String format) {
    CliRun cert = CliRun.run(dir, "init", "--profile", "entra-reporting", "--credential", "certificate", "--format",
        format.equals("json") ? "json" : "text");
    assertEquals(0, cert.exitCode(), cert.toString());
    ApplicationSpec a = ManifestReader.parse(cert.stdout(), "m." + format).applications().get(0);
    assertEquals(null, a.secret());
    assertEquals(new CertificateSpec.Generate("CN=entra-reporting", SelfSigned.KeyType.RSA, 3072, 365, 30),
        a.certificate().generate());

    CliRun fed = CliRun.run(dir, "init", "--profile", "entra-reporting", "--credential", "federated", "--github-repo",
        "contoso/reports", "--github-environment", "production", "--format", format.equals("json") ? "json" : "text");
    assertEquals(0, fed.exitCode(), fed.toString());
    ApplicationSpec f = ManifestReader.parse(fed.stdout(), "m." + format).applications().get(0);
    assertEquals(null, f.secret());
    assertEquals(null, f.certificate());
    assertEquals("repo:contoso/reports:environment:production", f.federatedCredentials().get(0).subject());
    assertEquals("https://token.actions.githubusercontent.com", f.federatedCredentials().get(0).issuer());
  }

  @Test
  void aFederatedCredentialNeedsItsRepository() {
    CliRun r = CliRun.run(dir, "init", "--profile", "entra-reporting", "--credential", "federated");
    assertEquals(64, r.exitCode(), r.toString());
    assertTrue(r.stderr().contains("--credential federated needs --github-repo OWNER/NAME"), r.stderr());
    CliRun branch = CliRun.run(dir, "init", "--profile", "entra-reporting", "--credential", "federated", "--github-repo", "contoso/reports");
    assertEquals(0, branch.exitCode(), branch.toString());
    assertTrue(branch.stdout().contains("github: {repo: contoso/reports, branch: main}"), branch.stdout());
    assertEquals(64, CliRun.run(dir, "init", "--profile", "entra-reporting", "--credential", "password").exitCode());
  }

  @Test
  void keyAndNameAreUsed() {
    CliRun r = CliRun.run(dir, "init", "--profile", "entra-reporting", "--key", "contoso-reports",
        "--name", "Contoso: Reports #1");
    assertEquals(0, r.exitCode(), r.toString());
    ApplicationSpec app = ManifestReader.parse(r.stdout(), "m.yaml").applications().get(0);
    assertEquals("contoso-reports", app.key());
    assertEquals("Contoso: Reports #1", app.displayName());
    assertEquals(List.of("AuditLog.Read.All", "Directory.Read.All"), app.permissions().get(0).application());
  }

  @Test
  void writesTheFileAndRefusesToOverwriteIt() throws Exception {
    CliRun first = CliRun.run(dir, "init", "--profile", "partner-referrals", "--out", "appreg.yaml");
    assertEquals(0, first.exitCode(), first.toString());
    assertEquals("", first.stdout());
    assertEquals("wrote appreg.yaml (profile partner-referrals); next: appreg plan -f appreg.yaml\n", first.stderr());
    Path file = dir.resolve("appreg.yaml");
    assertEquals("partner-referrals", ManifestReader.read(file).applications().get(0).key());

    Files.writeString(file, "mine\n");
    CliRun again = CliRun.run(dir, "init", "--profile", "partner-insights", "--out", "appreg.yaml");
    assertEquals(64, again.exitCode(), again.toString());
    assertEquals("error: --out appreg.yaml exists; init never replaces a manifest, which is yours to edit: use --force "
        + "to overwrite it\n", again.stderr());
    assertEquals("mine\n", Files.readString(file), "left alone");

    CliRun forced = CliRun.run(dir, "init", "--profile", "partner-insights", "--out", "appreg.yaml", "--force");
    assertEquals(0, forced.exitCode(), forced.toString());
    assertEquals("partner-insights", ManifestReader.read(file).applications().get(0).key());
    try (var files = Files.list(dir)) {
      assertEquals(List.of("appreg.yaml"), files.map(p -> p.getFileName().toString()).toList(), "no temp files left");
    }
  }

  @Test
  void anUnknownProfileListsTheNames() {
    CliRun r = CliRun.run(dir, "init", "--profile", "partner-referral");
    assertEquals(64, r.exitCode(), r.toString());
    assertEquals("error: unknown profile 'partner-referral'; the profiles are: partner-referrals, partner-insights, "
        + "entra-reporting\n", r.stderr());
    assertEquals("", r.stdout());
  }

  @Test
  void anInvalidKeySaysWhy() {
    CliRun r = CliRun.run(dir, "init", "--profile", "partner-referrals", "--key", "my app");
    assertEquals(64, r.exitCode(), r.toString());
    assertEquals("error: cannot use key 'my app': key 'my app' contains a space; a key may contain only letters, "
        + "digits, '-', '_' and '.'\n", r.stderr());
    assertFalse(Files.exists(dir.resolve("appreg.yaml")));
  }

  @Test
  void aMissingProfileOrABadFlagIsAUsageError() {
    CliRun none = CliRun.run(dir, "init");
    assertEquals(64, none.exitCode(), none.toString());
    assertTrue(none.stderr().contains("Missing required option: '--profile=PROFILE'"), none.stderr());

    CliRun bad = CliRun.run(dir, "init", "--profile", "partner-referrals", "--kee", "x");
    assertEquals(64, bad.exitCode(), bad.toString());
    assertTrue(bad.stderr().contains("Unknown options: '--kee', 'x'"), bad.stderr());

    CliRun format = CliRun.run(dir, "init", "--profile", "partner-referrals", "--format", "xml");
    assertEquals(64, format.exitCode(), format.toString());
    assertEquals("error: --format xml: init prints text (YAML) or json\n", format.stderr());
  }

  @Test
  void helpShowsOptionsExamplesAndExitCodes() {
    CliRun r = CliRun.run(dir, "init", "--help");
    assertEquals(0, r.exitCode(), r.toString());
    String help = r.stdout();
    for (String expected : List.of("Print a manifest for a built-in profile", "--profile=PROFILE",
        "The built-in profile: partner-referrals,", "entra-reporting", "--key=KEY", "--name=DISPLAYNAME", "--out=FILE",
        "--force", "Examples:\n  appreg init --profile partner-referrals\n", "Exit codes:",
        "invalid manifest or snapshot", "interrupted (Ctrl-C or kill)")) {
      assertTrue(help.contains(expected), "missing '" + expected + "' in\n" + help);
    }
  }
}
