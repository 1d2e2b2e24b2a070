package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit 77 names what the caller's token lacks and what would suffice, never what it already holds. */
class PrivilegesIT {
  static final String PARTNER = "4990cffe-04e8-4e8b-808a-1175604b879f";

  @TempDir Path dir;

  /** The first stderr line, with Graph's request ids and new object ids (random in the sandbox) written as {@code <id>}. */
  private static String error(CliRun run) {
    return run.stderr().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("(no error line)\n" + run)
        .replaceAll("(request-id|registration) [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "$1 <id>");
  }

  private CliRun bootstrap(Cli cli) throws Exception {
    return cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", Cli.secretDir(dir).toString());
  }

  @Test
  void aTokenThatReadsRegistrationsIsToldWhatReadingTheOrganizationNeeds() throws Exception {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir).withToken(SandboxTokens.withRoles("Application.Read.All"))) {
      CliRun run = bootstrap(cli);
      assertEquals(77, run.exitCode(), run::toString);
      assertEquals("error: reading the organization: Graph 403 Authorization_RequestDenied (request-id <id>); needs "
          + "Organization.Read.All or Directory.Read.All", error(run));
      assertEquals(List.of(), cli.writes());
    }
  }

  @Test
  void ownedByCannotCreateTheMicrosoftPartnerServicePrincipalAndPreflightSaysSoBeforeAnyWrite() throws Exception {
    var tenant = SimulatedTenant.fresh().withoutServicePrincipalFor(PARTNER);
    try (Cli cli = Cli.against(tenant, dir).withToken(SandboxTokens.withRoles("Application.ReadWrite.OwnedBy",
        "DelegatedPermissionGrant.ReadWrite.All", "Application.Read.All", "Organization.Read.All"))) {
      CliRun run = bootstrap(cli);
      assertEquals(77, run.exitCode(), run::toString);
      assertEquals("error: creating the service principal of Microsoft Partner (" + PARTNER + "): "
          + "Application.ReadWrite.OwnedBy lets Graph create service principals only for applications registered in "
          + "this tenant, and this one is registered in another; nothing was changed; needs Application.ReadWrite.All "
          + "or Directory.ReadWrite.All", error(run));
      assertEquals(List.of(), cli.writes());
    }
  }

  @Test
  void graphsOwnedByRefusalDuringApplyIsExit77NamingApplicationReadWriteAll() throws Exception {
    var tenant = SimulatedTenant.fresh().withoutServicePrincipalFor(PARTNER);
    // a token appreg cannot read (not a JWT): no preflight, Graph is the judge
    tenant.faults().on("POST", "/servicePrincipals").respond(403, Map.of(), """
        {"error":{"code":"Authorization_RequestDenied","message":"When using this permission, the backing application \
        of the service principal being created must in the local tenant"}}""");
    try (Cli cli = Cli.against(tenant, dir).withToken("opaque-token")) {
      CliRun run = bootstrap(cli);
      assertEquals(77, run.exitCode(), run::toString);
      assertEquals("error: creating the service principal of " + PARTNER + ": Graph 403 Authorization_RequestDenied "
          + "(request-id <id>): Application.ReadWrite.OwnedBy lets Graph create service principals only for "
          + "applications registered in this tenant, and this one is registered in another; needs "
          + "Application.ReadWrite.All or Directory.ReadWrite.All", error(run));
      // the registration went out in the same round trip as the refused service principal; nothing after that round
      var apps = tenant.applicationsWithUniqueName("partner-referrals");
      assertEquals(1, apps.size(), run::toString);
      assertEquals(0, tenant.servicePrincipalsFor(apps.get(0).path("appId").asText()).size(), "stopped after that round");
      assertEquals(0, apps.get(0).path("passwordCredentials").size(), "no secret issued");
    }
  }

  @Test
  void ownedByOnARegistrationItDoesNotOwnIsToldItNeedsApplicationReadWriteAll() throws Exception {
    var tenant = SimulatedTenant.fresh().withServicePrincipalFor(PARTNER);
    var node = JsonNodeFactory.instance.objectNode().put("displayName", "Partner Center Referrals")
        .put("uniqueName", "partner-referrals");
    node.putArray("tags").add("appreg:key=partner-referrals");
    tenant.create("applications", node);
    // Graph answers so when the registration's owners do not include the caller (the sandbox does not track that)
    tenant.faults().on("PATCH", "/applications.*").respond(403);
    try (Cli cli = Cli.against(tenant, dir).withToken(SandboxTokens.withRoles("Application.ReadWrite.OwnedBy",
        "DelegatedPermissionGrant.ReadWrite.All", "Application.Read.All", "Organization.Read.All"))) {
      CliRun run = bootstrap(cli);
      assertEquals(77, run.exitCode(), run::toString);
      assertEquals("error: updating registration <id>: Graph 403 Authorization_RequestDenied (request-id <id>); the "
          + "token holds Application.ReadWrite.OwnedBy, which Graph did not accept for this object; needs "
          + "Application.ReadWrite.All", error(run));
    }
  }
}
