package appreg.provisioning.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.ManifestException;
import appreg.provisioning.UsageException;
import appreg.provisioning.tenant.AppId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  static final Path RESOURCES = Path.of("src/test/resources/manifests");

  @Test
  void readsTheContractExample() {
    Path file = RESOURCES.resolve("contract-example.yaml");
    Manifest m = ManifestReader.read(file);
    assertEquals(file.toString(), m.source());
    assertEquals(1, m.applications().size());
    ApplicationSpec app = m.applications().get(0);
    assertEquals(new ApplicationSpec("partner-referrals", "Partner Center Referrals", "AzureADMyOrg", null,
        List.of("https://localhost"), List.of(), List.of(),
        List.of(new PermissionSpec("Microsoft Partner", List.of("user_impersonation"), List.of(), new Where(file.toString(), 8, 9)),
            new PermissionSpec("Microsoft Graph", List.of(), List.of("AuditLog.Read.All", "Directory.Read.All"),
                new Where(file.toString(), 10, 9))),
        true, new SecretSpec("appreg", 180, 30),
        List.of(new DirectoryRoleSpec("Security Reader", "admin@contoso.onmicrosoft.com", new Where(file.toString(), 18, 9))),
        List.of(), null, new Where(file.toString(), 2, 5)), app);
  }

  @Test
  void readsOwnersAndProfileWithTheirPlaces() {
    Manifest m = ManifestReader.parse("""
        applications:
          - key: a
            displayName: A
            profile: entra-reporting
            owners: [alice@contoso.com, 9d6a3b52-4f3c-4e8a-8d7e-2b1c5a7f0e11]
        """, "m.yaml");
    ApplicationSpec app = m.applications().get(0);
    assertEquals("entra-reporting", app.profile());
    assertEquals(List.of(new OwnerSpec("alice@contoso.com", new Where("m.yaml", 5, 14)),
        new OwnerSpec("9d6a3b52-4f3c-4e8a-8d7e-2b1c5a7f0e11", new Where("m.yaml", 5, 33))), app.owners());
    assertEquals(List.of(false, true), app.owners().stream().map(OwnerSpec::isObjectId).toList());
    ApplicationSpec plain = ManifestReader.parse("applications: [{key: a, displayName: A}]", "m.yaml").applications().get(0);
    assertEquals(List.of(), plain.owners());
    assertEquals(null, plain.profile());
  }

  @Test
  void readsTheSameManifestFromJson() {
    ApplicationSpec yaml = ManifestReader.read(RESOURCES.resolve("contract-example.yaml")).applications().get(0);
    ApplicationSpec json = ManifestReader.read(RESOURCES.resolve("contract-example.json")).applications().get(0);
    assertEquals(withoutPlaces(yaml), withoutPlaces(json));
    assertEquals(new Where(RESOURCES.resolve("contract-example.json").toString(), 3, 5), json.where());
  }

  @Test
  void detectsJsonByItsFirstCharacterWhenTheNameSaysNothing() {
    Manifest m = ManifestReader.parse("  {\"applications\": [{\"key\": \"k\", \"displayName\": \"K\"}]}", "-");
    assertEquals("k", m.applications().get(0).key());
  }

  @Test
  void fillsDefaults() {
    ApplicationSpec app = ManifestReader.parse("applications:\n  - key: k\n    displayName: K\n", "m.yaml")
        .applications().get(0);
    assertEquals("AzureADMyOrg", app.signInAudience());
    assertTrue(app.adminConsent());
    assertNull(app.secret(), "no secret unless asked for");
    assertNull(app.appId());
    assertEquals(List.of(), app.permissions());
    assertEquals(List.of(), app.webRedirectUris());
    assertEquals(List.of(), app.directoryRoles());
  }

  @Test
  void emptySecretMappingMeansDefaults() {
    ApplicationSpec app = ManifestReader.parse("applications:\n  - key: k\n    displayName: K\n    secret: {}\n", "m.yaml")
        .applications().get(0);
    assertEquals(new SecretSpec("appreg", 180, 30), app.secret());
  }

  @Test
  void shortLifetimeLowersTheDefaultRotationWindow() {
    ApplicationSpec app = ManifestReader.parse(
        "applications:\n  - key: k\n    displayName: K\n    secret: {lifetimeDays: 7}\n", "m.yaml").applications().get(0);
    assertEquals(new SecretSpec("appreg", 7, 6), app.secret());
  }

  @Test
  void adoptsByAppIdWithoutADisplayName() {
    ApplicationSpec app = ManifestReader.parse("""
        applications:
          - key: legacy
            appId: 11111111-2222-3333-4444-555555555555
            adminConsent: false
        """, "m.yaml").applications().get(0);
    assertEquals(new AppId("11111111-2222-3333-4444-555555555555"), app.appId());
    assertNull(app.displayName());
    assertFalse(app.adminConsent());
  }

  @Test
  void acceptsLoopbackHttpAndPublicClientSchemes() {
    ApplicationSpec app = ManifestReader.parse("""
        applications:
          - key: k
            displayName: K
            web:
              redirectUris: [http://localhost:8400/cb, "http://127.0.0.1/cb", "http://[::1]:5000"]
            spa:
              redirectUris: [https://app.contoso.com/]
            publicClient:
              redirectUris: [msal11111111-2222-3333-4444-555555555555://auth, https://login.microsoftonline.com/common/oauth2/nativeclient]
            directoryRoles:
              - role: Security Reader
              - role: Reports Reader
                assignee: 11111111-2222-3333-4444-555555555555
        """, "m.yaml").applications().get(0);
    assertEquals(3, app.webRedirectUris().size());
    assertEquals(List.of("msal11111111-2222-3333-4444-555555555555://auth",
        "https://login.microsoftonline.com/common/oauth2/nativeclient"), app.publicClientRedirectUris());
    assertNull(app.directoryRoles().get(0).assignee(), "no assignee: the application's own service principal");
  }

  @Test
  void anAliasIsTheAnchoredValue() {
    Manifest m = ManifestReader.parse("""
        applications:
          - key: one
            displayName: One
            permissions: &perms
              - api: Microsoft Graph
                application: [AuditLog.Read.All]
          - key: two
            displayName: Two
            permissions: *perms
        """, "m.yaml");
    assertEquals(m.applications().get(0).permissions(), m.applications().get(1).permissions());
  }

  @Test
  void keepsEachApplicationsPlace() {
    Manifest m = ManifestReader.parse("""
        applications:
          - key: one
            displayName: One
          - displayName: Two
            key: two
        """, "m.yaml");
    assertEquals(new Where("m.yaml", 2, 5), m.applications().get(0).where());
    assertEquals(new Where("m.yaml", 4, 5), m.applications().get(1).where());
    assertEquals("m.yaml:4:5", m.applications().get(1).where().toString());
  }

  @Test
  void reportsMalformedFilesWithTheirPlace() {
    assertFileError("tab-indent.yaml", "3:1: a tab character is used for indentation; YAML indents with spaces only");
    assertFileError("unclosed-bracket.yaml", "6:17: unclosed '[' (opened at line 5, column 21): expected ',' or ']', but found ':'");
    assertFileError("broken-indent.yaml", "4:4: broken indentation: this line is indented differently from the block it belongs to (which starts at line 2, column 3); line it up with the lines above");
    assertFileError("trailing-comma.json", "3:37: invalid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
  }

  @Test
  void aMissingFileIsABadCommandLine() {
    UsageException e = assertThrows(UsageException.class, () -> ManifestReader.read(RESOURCES.resolve("nope.yaml")));
    assertTrue(e.getMessage().endsWith("nope.yaml not found"), e.getMessage());
  }

  @Test
  void refusesTextThatIsNotUtf8(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "applications:\n  - key: k\n    displayName: Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(file));
    assertEquals(file + ":1:1: the manifest is not UTF-8 text", e.getMessage());
  }

  @Test
  void skipsAByteOrderMark(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bom.yaml");
    Files.writeString(file, "\uFEFFapplications:\n  - key: k\n    displayName: K\n");
    assertEquals("k", ManifestReader.read(file).applications().get(0).key());
  }

  @Test
  void recordsCopyTheirLists() {
    var list = new java.util.ArrayList<>(List.of("https://localhost"));
    ApplicationSpec app = new ApplicationSpec("k", "K", null, null, list, null, null, null, true, null, null, null, null, null);
    list.add("https://other");
    assertEquals(List.of("https://localhost"), app.webRedirectUris());
    assertEquals(List.of(), app.spaRedirectUris());
    assertEquals("AzureADMyOrg", app.signInAudience());
    assertThrows(UnsupportedOperationException.class, () -> app.permissions().add(null));
    assertThrows(IllegalArgumentException.class, () -> new SecretSpec("x", 731, 30));
    assertThrows(IllegalArgumentException.class, () -> new SecretSpec("x", 30, 30));
  }

  private static void assertFileError(String name, String expected) {
    Path file = RESOURCES.resolve(name);
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(file));
    assertEquals(file + ":" + expected, e.getMessage());
    assertEquals(file.toString(), e.file());
  }

  static ApplicationSpec withoutPlaces(ApplicationSpec a) {
    return new ApplicationSpec(a.key(), a.displayName(), a.signInAudience(), a.appId(), a.webRedirectUris(),
        a.spaRedirectUris(), a.publicClientRedirectUris(),
        a.permissions().stream().map(p -> new PermissionSpec(p.api(), p.delegated(), p.application(), null)).toList(),
        a.adminConsent(), a.secret(),
        a.directoryRoles().stream().map(r -> new DirectoryRoleSpec(r.role(), r.assignee(), null)).toList(),
        a.owners().stream().map(o -> new OwnerSpec(o.owner(), null)).toList(), a.profile(), null);
  }
}
