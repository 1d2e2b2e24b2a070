package appreg.provisioning.snapshot;

import static appreg.provisioning.audit.TenantFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.ManifestException;
import appreg.provisioning.audit.Auditor;
import appreg.provisioning.audit.Intent;
import appreg.provisioning.audit.TenantFixture;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.WellKnown;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.ByteArrayOutputStream;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.Unread;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
  static ObservedTenant sample() {
    TenantFixture t = withApis();
    Registration r = t.app("Referrals", uniqueName("partner-referrals"), audience("AzureADMultipleOrgs", false),
        requests(WellKnown.MICROSOFT_PARTNER, PermissionType.SCOPE, PARTNER_USER_IMPERSONATION),
        secret("appreg", days(-10), days(170)), certificate("cert", days(-10), null), webRedirects("https://localhost"),
        implicitAccessTokens());
    t.grant(r, WellKnown.MICROSOFT_PARTNER, "user_impersonation");
    t.assign(r, WellKnown.MICROSOFT_GRAPH, ROLE_MANAGEMENT_RW);
    t.directoryRole(r, "62e90394-69f5-4237-9190-012177145e10");
    t.ownerless(t.app("Orphan"));
    t.ownersUnknown(t.app("Owned, not listed"));
    t.policies(map("isEnabled", false, "applicationRestrictions", map("passwordCredentials", List.of())), null);
    return t.tenant();
  }

  @Test
  void roundTripsEveryRecordAndTheAuditSeesTheSameFindings(@TempDir Path dir) {
    ObservedTenant tenant = sample();
    Path file = dir.resolve("snap.json");
    Snapshot.write(tenant, NOW, "appreg test", file);
    Snapshot.Loaded loaded = Snapshot.read(file);
    assertEquals(tenant, loaded.tenant());
    assertEquals(NOW, loaded.exportedAt());
    var live = Auditor.standard().audit(tenant, Intent.NONE, NOW).findings();
    var offline = Auditor.standard().audit(loaded.tenant(), Intent.NONE, NOW).findings();
    assertEquals(live, offline);
    assertTrue(live.size() > 5);
  }

  @Test
  void writesWhatTheDocumentedSchemaDescribes() throws Exception {
    var out = new ByteArrayOutputStream();
    Snapshot.write(sample(), NOW, "appreg test", out);
    var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
        .getSchema(Files.readString(Path.of("..", "docs", "snapshot.schema.json")));
    var errors = schema.validate(new ObjectMapper().readTree(out.toByteArray()));
    assertEquals(java.util.Set.of(), errors);
    String json = out.toString(StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\n  \"schemaVersion\" : 1,"), json.substring(0, 40));
    assertTrue(json.contains("\"owners\" : [ ]"), "ownerless registration keeps an empty owner list");
  }

  @Test
  void anotherSchemaVersionIsRefusedWithItsLocation(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("v2.json");
    Files.writeString(file, "{\n  \"generator\": \"x\",\n  \"schemaVersion\": 2\n}\n");
    var e = assertThrows(ManifestException.class, () -> Snapshot.read(file));
    assertEquals(3, e.line());
    assertEquals(20, e.column());
    assertTrue(e.getMessage().endsWith("v2.json:3:20: unknown snapshot schemaVersion 2; this appreg reads version 1 (export the tenant again with this version)"),
        e.getMessage());
  }

  @Test
  void brokenJsonNamesLineAndColumn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"schemaVersion\": 1,\n \"applications\": [ {\"id\": \"a\", \"appId\": \"b\"} \n");
    var e = assertThrows(ManifestException.class, () -> Snapshot.read(file));
    assertTrue(e.line() >= 2, "line " + e.line());
    assertTrue(e.problem().startsWith("not valid JSON"), e.problem());
  }

  /** What Graph refused travels in the snapshot, so the offline audit says what the live one said. */
  @Test
  void refusedPartsRoundTripAndTheOfflineAuditLeavesTheSameRulesNotEvaluated(@TempDir Path dir) throws Exception {
    ObservedTenant read = sample();
    var owners = new Unread(TenantPart.OWNERS, 400, "Request_BadRequest", "$count is not currently supported.", "rid-1", List.of());
    var policy = new Unread(TenantPart.AUTHORIZATION_POLICY, 403, "Authorization_RequestDenied", "", "rid-2",
        List.of("Policy.Read.All"));
    ObservedTenant tenant = new ObservedTenant(read.organization(), read.registrations(), read.servicePrincipals(), read.grants(),
        read.appRoleAssignments(), read.roleDefinitions(), read.roleAssignments(), read.users(), java.util.Map.of(),
        read.policies(), List.of(owners, policy));
    Path file = dir.resolve("snap.json");
    Snapshot.write(tenant, NOW, "appreg test", file);
    var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
        .getSchema(Files.readString(Path.of("..", "docs", "snapshot.schema.json")));
    assertEquals(java.util.Set.of(), schema.validate(new ObjectMapper().readTree(file.toFile())));
    String json = Files.readString(file);
    assertTrue(json.contains("\"unread\" : [ {\n    \"part\" : \"owners\",\n    \"status\" : 400,\n    \"code\" : "
        + "\"Request_BadRequest\",\n    \"message\" : \"$count is not currently supported.\",\n    \"requestId\" : \"rid-1\"\n  }"),
        json);
    Snapshot.Loaded loaded = Snapshot.read(file);
    assertEquals(tenant, loaded.tenant());
    var live = Auditor.standard().audit(tenant, Intent.NONE, NOW);
    var offline = Auditor.standard().audit(loaded.tenant(), Intent.NONE, NOW);
    assertEquals(live.notEvaluated(), offline.notEvaluated());
    // certificates: a snapshot never holds them, so the live read judged none either
    assertEquals(List.of("certificate-weak-key", "no-owners", "tenant-users-can-register-apps", "tenant-user-consent-allowed"),
        offline.notEvaluated().stream().map(appreg.provisioning.audit.NotEvaluated::rule).toList());
    assertEquals(live.findings(), offline.findings());
  }

  @Test
  void aSnapshotWithoutRefusalsHasNoUnreadProperty() {
    var out = new ByteArrayOutputStream();
    Snapshot.write(sample(), NOW, "appreg test", out);
    assertFalse(out.toString(StandardCharsets.UTF_8).contains("\"unread\""));
  }

  @Test
  void anUnknownUnreadPartIsLocated(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("part.json");
    Files.writeString(file, "{\"schemaVersion\": 1, \"applications\": [], \"servicePrincipals\": [],\n \"unread\": [\n"
        + "  {\"part\": \"groups\", \"status\": 400}]}\n");
    var e = assertThrows(ManifestException.class, () -> Snapshot.read(file));
    assertEquals(3, e.line());
    assertTrue(e.problem().startsWith("unknown tenant part 'groups'; known: owners, federatedIdentityCredentials, oauth2PermissionGrants"), e.problem());
  }

  @Test
  void missingAppIdIsLocated(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("noappid.json");
    Files.writeString(file, "{\"schemaVersion\": 1,\n \"applications\": [\n  {\"id\": \"a\", \"displayName\": \"x\"}\n ],\n \"servicePrincipals\": []}\n");
    var e = assertThrows(ManifestException.class, () -> Snapshot.read(file));
    assertEquals(3, e.line());
    assertTrue(e.problem().startsWith("application appId is missing or empty"), e.problem());
  }

  @Test
  void secretTextIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("leak.json");
    Files.writeString(file, "{\"schemaVersion\": 1, \"applications\": [{\"id\": \"a\", \"appId\": \"b\", \"passwordCredentials\": [\n"
        + "{\"keyId\": \"k\", \"secretText\": \"PLANTED-SECRET\"}]}], \"servicePrincipals\": []}");
    var e = assertThrows(ManifestException.class, () -> Snapshot.read(file));
    assertTrue(e.getMessage().contains("unknown property \"secretText\""), e.getMessage());
    assertTrue(e.getMessage().contains("a snapshot never holds secret text"));
    assertTrue(!e.getMessage().contains("PLANTED-SECRET"));
    assertEquals(2, e.line());
  }

  @Test
  void notAnObjectOrNoVersion(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("array.json");
    Files.writeString(a, "[1]");
    assertEquals(1, assertThrows(ManifestException.class, () -> Snapshot.read(a)).line());
    Path b = dir.resolve("nover.json");
    Files.writeString(b, "{\"applications\": []}");
    assertTrue(assertThrows(ManifestException.class, () -> Snapshot.read(b)).problem().contains("no \"schemaVersion\""));
    assertThrows(ManifestException.class, () -> Snapshot.read(dir.resolve("absent.json")));
  }
}
