package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first bootstrap against a tenant that replicates the way Entra does: every profile converges in one run, with
 * the waits shown under -v.
 */
class FirstRunIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PARTNER = "4990cffe-04e8-4e8b-808a-1175604b879f";
  static final String AUDIT_LOG_READ_ALL = "b0afded3-3588-46d8-8b3d-9842eff778da";
  static final String DIRECTORY_READ_ALL = "7ab1d382-f21e-4acd-a863-ba3e13f7da61";
  /** App-only and least privileged: writes only what it creates, consents both ways. */
  static final String OWNED_BY = SandboxTokens.withRoles("Application.ReadWrite.OwnedBy",
      "DelegatedPermissionGrant.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Application.Read.All",
      "Organization.Read.All");

  @TempDir Path dir;

  /** How the tenant misbehaves: its replication answers, and the token the run holds. */
  enum Fault {
    /** Grants name 'clientId'; app role assignments say "Not a valid reference update." */
    REPLICATION,
    /** The same, but grants also say "Not a valid reference update." as some tenants do. */
    REPLICATION_AS_REFERENCE_UPDATE,
    /** A caller holding only Application.ReadWrite.OwnedBy meets 403 "backing application" while its app replicates. */
    OWNED_BY_WHILE_REPLICATING;

    SimulatedTenant tenant() {
      var t = SimulatedTenant.fresh().replicationLag(3);
      return switch (this) {
        case REPLICATION -> t;
        case REPLICATION_AS_REFERENCE_UPDATE -> t.grantsAnswerNotAValidReferenceUpdate();
        // OwnedBy cannot instantiate Microsoft Partner (another tenant's application): an administrator did it before
        case OWNED_BY_WHILE_REPLICATING -> t.withServicePrincipalFor(PARTNER);
      };
    }
  }

  static Stream<Arguments> profilesAndFaults() {
    return Stream.of("partner-referrals", "partner-insights", "entra-reporting")
        .flatMap(p -> Stream.of(Fault.values()).map(f -> Arguments.of(p, f)));
  }

  private static ObjectNode only(List<ObjectNode> nodes) {
    assertEquals(1, nodes.size(), () -> "expected exactly one, got " + nodes);
    return nodes.get(0);
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("profilesAndFaults")
  void bootstrapConvergesOnTheFirstRun(String profile, Fault fault) throws Exception {
    var tenant = fault.tenant();
    try (Cli cli = Cli.against(tenant, dir)) {
      if (fault == Fault.OWNED_BY_WHILE_REPLICATING) cli.withToken(OWNED_BY);
      Path secrets = Cli.secretDir(dir);
      CliRun run = cli.run("bootstrap", "--profile", profile, "--secret-dir", secrets.toString(), "-v");
      assertEquals(0, run.exitCode(), run::toString);

      ObjectNode app = only(tenant.applicationsWithUniqueName(profile));
      String appId = app.path("appId").asText();
      String sp = only(tenant.servicePrincipalsFor(appId)).path("id").asText();
      List<ObjectNode> grants = tenant.list("oauth2PermissionGrants").stream()
          .filter(g -> g.path("clientId").asText().equals(sp)).toList();
      Set<String> roles = new TreeSet<>(tenant.list("appRoleAssignments").stream()
          .filter(a -> a.path("principalId").asText().equals(sp)).map(a -> a.path("appRoleId").asText()).toList());
      String consentStep;
      if (profile.startsWith("partner")) {
        ObjectNode grant = only(grants);
        assertEquals(only(tenant.servicePrincipalsFor(PARTNER)).path("id").asText(), grant.path("resourceId").asText());
        assertEquals(Set.of(), roles);
        consentStep = "granting admin consent";
      } else {
        assertEquals(List.of(), grants);
        assertEquals(Set.of(AUDIT_LOG_READ_ALL, DIRECTORY_READ_ALL), roles);
        consentStep = "granting an application permission";
      }
      JsonNode passwords = app.path("passwordCredentials");
      assertEquals(1, passwords.size(), passwords::toString);
      JsonNode delivered = JSON.readTree(secrets.resolve(profile + ".json").toFile());
      assertEquals(passwords.get(0).path("keyId").asText(), delivered.path("keyId").asText());
      assertFalse(run.stderr().contains(delivered.path("clientSecret").asText()));

      String expectedWait = switch (fault) {
        case REPLICATION, REPLICATION_AS_REFERENCE_UPDATE -> "for Entra to replicate (" + consentStep + ": 400 Request_BadRequest)";
        case OWNED_BY_WHILE_REPLICATING -> "for Entra to replicate (creating the service principal of " + appId
            + ": 403 Authorization_RequestDenied)";
      };
      assertTrue(run.stderr().contains(expectedWait), () -> "expected a wait '" + expectedWait + "' under -v:\n" + run);
    }
  }
}
