package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import appreg.provisioning.tenant.TenantPart;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * audit and export against a tenant that refuses a read they can do without: the run completes, the rules that needed
 * it are reported as not evaluated with Graph's answer in every format, everything else is reported as usual, and the
 * exit code follows the findings that could be evaluated.
 */
class AuditRefusedReadsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COUNT_REFUSED = "Graph 400 Request_BadRequest \"$count is not currently supported.\"";
  private static final String DENIED = "{\"error\":{\"code\":\"Authorization_RequestDenied\","
      + "\"message\":\"Insufficient privileges to complete the operation.\"}}";
  /** What a B2C tenant answers to any $count (microsoft-graph-docs-contrib issue 4335). */
  private static final String COUNT_REFUSED_BODY = "{\"error\":{\"code\":\"Request_BadRequest\","
      + "\"message\":\"$count is not currently supported.\"}}";
  private static final String BAD_REQUEST = "{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"Invalid request.\"}}";

  /** The rules each refused part leaves not evaluated (docs/audit.md, "When a part of the tenant cannot be read"). */
  private static final Map<TenantPart, List<String>> STOPS = new EnumMap<>(Map.ofEntries(
      Map.entry(TenantPart.OWNERS, List.of("no-owners")),
      Map.entry(TenantPart.FEDERATED_CREDENTIALS, List.of("federated-credential-broad-subject", "federated-credential-insecure-issuer",
          "federated-credential-shared-subject")),
      Map.entry(TenantPart.DELEGATED_GRANTS, List.of("high-privilege-delegated-all-users", "permission-not-consented",
          "consent-beyond-requested", "partner-api-access")),
      Map.entry(TenantPart.APP_ROLE_ASSIGNMENTS, List.of("high-privilege-app-permission-direct", "high-privilege-app-permission-indirect",
          "permission-not-consented", "consent-beyond-requested", "partner-api-access")),
      Map.entry(TenantPart.ROLE_DEFINITIONS, List.of("privileged-directory-role")),
      Map.entry(TenantPart.ROLE_ASSIGNMENTS, List.of("privileged-directory-role")),
      Map.entry(TenantPart.ORGANIZATION, List.of()),
      Map.entry(TenantPart.APP_MANAGEMENT_POLICY, List.of("tenant-no-app-management-policy")),
      Map.entry(TenantPart.AUTHORIZATION_POLICY, List.of("tenant-users-can-register-apps", "tenant-user-consent-allowed")),
      Map.entry(TenantPart.CERTIFICATES, List.of("certificate-weak-key"))));

  @TempDir Path dir;

  /** Makes the sandbox refuse {@code part} the way Graph does: B2C's missing $count, a 403, or a 400. */
  static String refuse(SimulatedTenant tenant, TenantPart part) {
    switch (part) {
      case OWNERS -> tenant.faults().on("GET", "/applications").whoseQueryContains("owners/$count").always()
          .respond(400, json(), COUNT_REFUSED_BODY);
      case FEDERATED_CREDENTIALS -> tenant.faults().on("GET", "/applications")
          .whoseQueryContains("federatedIdentityCredentials/$count").always().respond(403, json(), DENIED);
      case DELEGATED_GRANTS -> tenant.faults().on("GET", "/oauth2PermissionGrants").always().respond(403, json(), DENIED);
      case APP_ROLE_ASSIGNMENTS -> tenant.faults().on("GET", "/servicePrincipals/[^/]+/appRoleAssignedTo").always()
          .respond(400, json(), BAD_REQUEST);
      case ROLE_DEFINITIONS -> tenant.faults().on("GET", "/roleManagement/directory/roleDefinitions").always()
          .respond(400, json(), BAD_REQUEST);
      case ROLE_ASSIGNMENTS -> tenant.faults().on("GET", "/roleManagement/directory/roleAssignments").always()
          .respond(403, json(), DENIED);
      case ORGANIZATION -> tenant.faults().on("GET", "/organization").always().respond(403, json(), DENIED);
      case APP_MANAGEMENT_POLICY -> tenant.faults().on("GET", "/policies/defaultAppManagementPolicy").always()
          .respond(403, json(), DENIED);
      case AUTHORIZATION_POLICY -> tenant.faults().on("GET", "/policies/authorizationPolicy").always()
          .respond(400, json(), BAD_REQUEST);
      case CERTIFICATES -> tenant.faults().on("GET", "/applications/[0-9a-f-]+").whoseQueryContains("keyCredentials")
          .always().respond(403, json(), DENIED);
    }
    return switch (part) {
      case OWNERS -> COUNT_REFUSED;
      case DELEGATED_GRANTS, ROLE_ASSIGNMENTS, ORGANIZATION, APP_MANAGEMENT_POLICY, FEDERATED_CREDENTIALS, CERTIFICATES ->
          "Graph 403 Authorization_RequestDenied";
      default -> "Graph 400 Request_BadRequest \"Invalid request.\"";
    };
  }

  private static Map<String, String> json() {
    return Map.of("Content-Type", "application/json");
  }

  /** "severity rule objectId" per finding, sorted: the same tenant audited twice gives the same list. */
  private static List<String> findings(JsonNode doc) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : doc.get("findings")) {
      out.add(f.get("severity").asText() + " " + f.get("rule").asText() + " " + f.get("registration").path("objectId").asText());
    }
    out.sort(null);
    return out;
  }

  private static String withoutRequestIds(JsonNode node) {
    return node.toString().replaceAll("\"requestId\":\"[^\"]*\"", "").replaceAll(" \\(request-id [0-9a-f-]+\\)", "");
  }

  private static List<String> notEvaluated(JsonNode doc) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : doc.get("notEvaluated")) out.add(n.get("rule").asText());
    return out;
  }

  @ParameterizedTest
  @EnumSource(TenantPart.class)
  void eachRefusedReadLeavesItsRulesNotEvaluatedAndTheRestOfTheReportComplete(TenantPart part) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    KnownCases.plant(tenant);
    try (Cli cli = Cli.against(tenant, dir)) {
      // --certificate-keys: every certificate is read, so nothing is left not evaluated until a read is refused
      JsonNode full = JSON.readTree(cli.run("audit", "--certificate-keys", "--format", "json", "--fail-on", "none").stdout());
      assertEquals(List.of(), notEvaluated(full));
      String reason = refuse(tenant, part);

      CliRun run = cli.run("audit", "--certificate-keys", "--format", "json", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      JsonNode doc = JSON.readTree(run.stdout());
      List<String> stopped = STOPS.get(part);
      assertEquals(stopped, notEvaluated(doc));
      for (JsonNode n : doc.get("notEvaluated")) {
        assertEquals(part.id(), n.get("because").get(0).get("part").asText());
        String judged = part.perRegistration() ? "not evaluated for some registrations: " : "not evaluated: ";
        assertTrue(n.get("reason").asText().startsWith(judged + part.description() + " could not be read (" + reason),
            n.toString());
      }
      assertEquals(part.id(), doc.get("unread").get(0).get("part").asText());
      assertEquals(1, doc.get("unread").size());
      List<String> expected = findings(full).stream().filter(f -> !stopped.contains(f.split(" ")[1])).toList();
      assertEquals(expected, findings(doc), "every rule that could run reports what it reported before");
      if (!Set.of(TenantPart.ORGANIZATION, TenantPart.ROLE_DEFINITIONS, TenantPart.ROLE_ASSIGNMENTS).contains(part)) {
        // the known cases hold no privileged directory role; every other stopped rule had findings to hide
        assertTrue(findings(full).size() > expected.size(), "the refusal hid findings that the report no longer claims to know");
      }
    }
  }

  /**
   * The Azure AD B2C tenant, also without Policy.Read.All: every format says which rules did not run, and why. B2C
   * refuses every $count, so the federated credentials (found with one) are not read either.
   */
  @Test
  void everyFormatSaysWhichRulesWereNotEvaluatedAndWhy() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh().b2c();
    KnownCases.plant(tenant);
    tenant.faults().on("GET", "/policies/authorizationPolicy").always().respond(403, json(), DENIED);
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun text = cli.run("audit", "--certificate-keys");
      assertEquals(2, text.exitCode(), text::toString);
      String out = text.stdout();
      assertTrue(out.contains("\nNot evaluated: 6 of 29 rules (no-owners, federated-credential-broad-subject, "
          + "federated-credential-insecure-issuer, federated-credential-shared-subject, tenant-users-can-register-apps, "
          + "tenant-user-consent-allowed), see the end\n"), out);
      assertTrue(out.contains("\n    federated-credential-broad-subject     the federated credentials of registrations could "
          + "not be read: " + COUNT_REFUSED), out);
      assertTrue(out.contains("\nNOT EVALUATED (6): a part of the tenant could not be read; these rules did not run (or ran only "
          + "where it was read, as said), so no finding from them means unknown, not fine\n"), out);
      Matcher owners = Pattern.compile("\n    no-owners {30}the owners of registrations could not be read: "
          + Pattern.quote(COUNT_REFUSED) + " \\(request-id [0-9a-f-]{36}\\)\n").matcher(out);
      assertTrue(owners.find(), out);
      assertTrue(out.contains("\n    tenant-user-consent-allowed            the authorization policy could not be read: "
          + "Graph 403 Authorization_RequestDenied (request-id "), out);
      assertTrue(out.contains("; needs Policy.Read.All\n"), out);
      assertFalse(out.substring(0, out.indexOf("\nNOT EVALUATED")).contains("    no-owners "), "no finding of a rule that did not run");
      assertEquals("", text.stderr(), "the text report says it itself");

      CliRun jsonRun = cli.run("audit", "--certificate-keys", "--format", "json");
      assertEquals(2, jsonRun.exitCode());
      JsonNode doc = JSON.readTree(jsonRun.stdout());
      assertEquals(List.of("no-owners", "federated-credential-broad-subject", "federated-credential-insecure-issuer", "federated-credential-shared-subject", "tenant-users-can-register-apps",
          "tenant-user-consent-allowed"), notEvaluated(doc));
      JsonNode because = doc.get("notEvaluated").get(0).get("because").get(0);
      assertEquals("owners", because.get("part").asText());
      assertEquals(400, because.get("status").asInt());
      assertEquals("Request_BadRequest", because.get("code").asText());
      assertEquals("$count is not currently supported.", because.get("message").asText());
      assertEquals("federatedIdentityCredentials", doc.get("unread").get(1).get("part").asText());
      assertEquals(List.of("Policy.Read.All"), List.of(doc.get("unread").get(2).get("needs").get(0).asText()));
      assertTrue(jsonRun.stderr().contains("appreg: 6 rules not evaluated, because a part of the tenant could not be read: "
          + "no-owners, federated-credential-broad-subject, federated-credential-insecure-issuer, federated-credential-shared-subject, tenant-users-can-register-apps, "
          + "tenant-user-consent-allowed (the report says why)"), jsonRun.stderr());

      CliRun csv = cli.run("audit", "--certificate-keys", "--format", "csv");
      assertEquals(2, csv.exitCode());
      List<String> rows = Stream.of(csv.stdout().split("\r\n")).filter(l -> l.contains("\"not-evaluated\"")).toList();
      assertEquals(6, rows.size(), csv.stdout());
      assertTrue(rows.get(0).startsWith("\"\",\"no-owners\",\"Registration has no owners\",\"\",\"\",\"\",\"not-evaluated\",\"\","
          + "\"not evaluated: the owners of registrations could not be read (Graph 400 Request_BadRequest \"\"$count is not "
          + "currently supported.\"\" (request-id "), rows.get(0));
      assertTrue(rows.get(0).matches(".*\\)\",\"part=owners; status=400; code=Request_BadRequest; requestId=[0-9a-f-]{36}\""),
          rows.get(0));

      CliRun sarifRun = cli.run("audit", "--certificate-keys", "--format", "sarif");
      assertEquals(2, sarifRun.exitCode());
      JsonNode sarif = JSON.readTree(sarifRun.stdout());
      try (InputStream schema = getClass().getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
        assertEquals(Set.of(), JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema).validate(sarif));
      }
      JsonNode invocation = sarif.get("runs").get(0).get("invocations").get(0);
      assertTrue(invocation.get("executionSuccessful").asBoolean());
      JsonNode notes = invocation.get("toolExecutionNotifications");
      assertEquals(6, notes.size(), notes::toString);
      JsonNode first = notes.get(0);
      assertEquals("no-owners", first.get("associatedRule").get("id").asText());
      JsonNode rules = sarif.get("runs").get(0).get("tool").get("driver").get("rules");
      assertEquals("no-owners", rules.get(first.get("associatedRule").get("index").asInt()).get("id").asText());
      assertEquals("warning", first.get("level").asText());
      assertEquals("appreg-rule-not-evaluated", first.get("descriptor").get("id").asText());
      assertTrue(first.get("message").get("text").asText().startsWith("no-owners not evaluated: the owners of registrations "
          + "could not be read (" + COUNT_REFUSED), first.toString());
      assertEquals("owners", first.get("properties").get("unread").get(0).get("part").asText());
      for (JsonNode result : sarif.get("runs").get(0).get("results")) {
        assertFalse(result.get("ruleId").asText().equals("no-owners"), "no result for a rule that did not run");
      }

      CliRun html = cli.run("audit", "--certificate-keys", "--format", "html", "--out", "audit.html");
      assertEquals(2, html.exitCode());
      String page = Files.readString(dir.resolve("audit.html"), StandardCharsets.UTF_8);
      assertTrue(page.contains("<p class=\"verdict partial\"><a href=\"#not-evaluated\">6 of 29 rules not evaluated</a>"), page);
      assertTrue(page.contains("<section id=\"not-evaluated\"><h2>Not evaluated (6)</h2>"), page);
      assertTrue(page.contains("<tr data-rule=\"no-owners\"><td><code>no-owners</code></td><td>Registration has no owners</td>"
          + "<td>the owners of registrations could not be read: Graph 400 Request_BadRequest &quot;$count is not currently "
          + "supported.&quot; (request-id "), page);
      assertTrue(html.stderr().contains("6 rules not evaluated"), html.stderr());
    }
  }

  /** The snapshot keeps what Graph refused, so an offline audit of it says what the live one said. */
  @Test
  void exportRecordsTheRefusalAndAuditFromTheSnapshotSaysTheSame() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh().b2c();
    KnownCases.plant(tenant);
    tenant.faults().on("GET", "/policies/defaultAppManagementPolicy").always().respond(403, json(), DENIED);
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun live = cli.run("audit", "--format", "json");
      CliRun export = cli.run("export", "--out", "snap.json");
      assertEquals(0, export.exitCode(), export::toString);
      List<String> lines = export.stderr().lines().toList();
      assertTrue(lines.get(0).startsWith("wrote snap.json (snapshot of "), export.stderr());
      assertTrue(lines.get(1).startsWith("not read: the owners of registrations (" + COUNT_REFUSED + " (request-id "), lines.get(1));
      assertTrue(lines.get(1).endsWith("); the snapshot records this, and 'audit --from' reports the rules that need it as "
          + "not evaluated"), lines.get(1));
      assertTrue(lines.get(2).startsWith("not read: the federated credentials of registrations (" + COUNT_REFUSED), lines.get(2));
      assertTrue(lines.get(3).startsWith("not read: the default app management policy (Graph 403 Authorization_RequestDenied"),
          lines.get(3));
      JsonNode snapshot = JSON.readTree(dir.resolve("snap.json").toFile());
      assertEquals("owners", snapshot.get("unread").get(0).get("part").asText());
      assertEquals("federatedIdentityCredentials", snapshot.get("unread").get(1).get("part").asText());
      assertEquals("defaultAppManagementPolicy", snapshot.get("unread").get(2).get("part").asText());
      assertEquals("Policy.Read.All", snapshot.get("unread").get(2).get("needs").get(0).asText());
      for (JsonNode app : snapshot.get("applications")) assertFalse(app.has("owners"), "owners unknown, not empty: " + app);
      for (JsonNode app : snapshot.get("applications")) {
        assertFalse(app.has("federatedIdentityCredentials"), "federated credentials unknown, not none: " + app);
      }

      CliRun offline = cli.runRaw("audit", "--from", "snap.json", "--format", "json");
      assertEquals(live.exitCode(), offline.exitCode(), offline::toString);
      JsonNode a = JSON.readTree(live.stdout());
      JsonNode b = JSON.readTree(offline.stdout());
      // a snapshot holds no certificates, and the live audit read none (no -f, no --certificate-keys)
      assertEquals(List.of("certificate-weak-key", "no-owners", "federated-credential-broad-subject",
          "federated-credential-insecure-issuer", "federated-credential-shared-subject", "tenant-no-app-management-policy"),
          notEvaluated(b));
      // the same, but for Graph's request-ids: the live audit and the export were two runs; the snapshot keeps the export's
      assertEquals(snapshot.get("unread").get(0).get("requestId"), b.get("unread").get(0).get("requestId"));
      assertEquals(withoutRequestIds(a.get("notEvaluated")), withoutRequestIds(b.get("notEvaluated")));
      assertEquals(findings(a), findings(b));

      CliRun exportJson = cli.run("export", "--out", "snap2.json", "--format", "json");
      assertEquals(0, exportJson.exitCode(), exportJson::toString);
      JsonNode summary = JSON.readTree(exportJson.stdout());
      assertEquals(List.of("owners", "federatedIdentityCredentials", "defaultAppManagementPolicy"),
          List.of(summary.get("unread").get(0).get("part").asText(), summary.get("unread").get(1).get("part").asText(),
              summary.get("unread").get(2).get("part").asText()));
    }
  }

  /** The only high finding comes from a rule that could not run: the audit does not fail on what it could not see. */
  @Test
  void theExitCodeFollowsTheFindingsThatCouldBeEvaluated() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    ObjectNode app = tenant.create("applications", JSON.createObjectNode().put("displayName", "Role Manager App"));
    ObjectNode sp = tenant.create("servicePrincipals", JSON.createObjectNode().put("appId", app.get("appId").asText())
        .put("displayName", "Role Manager App"));
    ObjectNode graph = tenant.servicePrincipalsFor(KnownCases.GRAPH).get(0);
    tenant.create("appRoleAssignments", JSON.createObjectNode().put("principalId", sp.get("id").asText())
        .put("principalType", "ServicePrincipal").put("resourceId", graph.get("id").asText())
        .put("appRoleId", KnownCases.ROLE_MANAGEMENT_RW));
    tenant.addOwner(app.get("id").asText(), tenant.list("users").get(0).get("id").asText());
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun seen = cli.run("audit", "--format", "json");
      assertEquals(2, seen.exitCode(), seen::toString);
      assertTrue(findings(JSON.readTree(seen.stdout())).contains("high high-privilege-app-permission-direct " + app.get("id").asText()));
      refuse(tenant, TenantPart.APP_ROLE_ASSIGNMENTS);
      CliRun unseen = cli.run("audit", "--format", "json");
      assertEquals(0, unseen.exitCode(), unseen::toString);
      assertTrue(notEvaluated(JSON.readTree(unseen.stdout())).contains("high-privilege-app-permission-direct"));
    }
  }

  /** Graph's message is untrusted text too: a terminal control in it is shown escaped, in audit and export alike. */
  @Test
  void graphsMessageIsShownEscaped() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.faults().on("GET", "/roleManagement/directory/roleDefinitions").always().respond(400, json(),
        "{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"bad \\u001b[2J\\u202equery\"}}");
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun audit = cli.run("audit");
      assertEquals(0, audit.exitCode(), audit::toString);
      assertTrue(audit.stdout().contains("Graph 400 Request_BadRequest \"bad \\x1b[2J\\u202equery\""), audit.stdout());
      assertFalse(audit.stdout().contains("\u001b") || audit.stdout().contains("\u202e"), audit.stdout());
      CliRun export = cli.run("export", "--out", "snap.json");
      assertTrue(export.stderr().contains("\"bad \\x1b[2J\\u202equery\""), export.stderr());
      assertFalse(export.stderr().contains("\u001b"), export.stderr());
    }
  }

  @Test
  void aRefusedCoreCollectionStillStopsTheRun() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.faults().on("GET", "/servicePrincipals").always().respond(400, json(), BAD_REQUEST);
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun audit = cli.run("audit");
      assertEquals(1, audit.exitCode(), audit::toString);
      assertTrue(audit.stderr().startsWith("error: listing service principals: Graph 400 Request_BadRequest \"Invalid request.\""),
          audit.stderr());
      CliRun export = cli.run("export", "--out", "snap.json");
      assertEquals(1, export.exitCode(), export::toString);
      assertFalse(Files.exists(dir.resolve("snap.json")), "no snapshot without service principals");
    }
  }
}
