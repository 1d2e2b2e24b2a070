package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed token (APPREG_ACCESS_TOKEN) that expires halfway through an apply: Graph's 401 "Lifetime validation failed,
 * the token is expired." (a sandbox fault) stops the run with exit 1, says the token expired, and prints what was done
 * and what was not; the same apply with a new token finishes the job.
 */
class ExpiredTokenIT {
  static final String MANIFEST = """
      applications:
        - key: expiring-app
          displayName: Expiring App
          permissions:
            - api: Microsoft Graph
              delegated: [User.Read]
      """;

  @TempDir Path dir;

  @Test
  void aFixedTokenThatExpiresMidRunSaysSoAndPrintsWhatWasNotDone() throws Exception {
    Path manifest = dir.resolve("m.yaml");
    Files.writeString(manifest, MANIFEST);
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      var fault = tenant.faults().on("POST", "/oauth2PermissionGrants").tokenExpired().always();
      CliRun run = cli.run("apply", "-f", manifest.toString(), "--yes");
      assertEquals(1, run.exitCode(), run::toString);
      assertEquals(1, fault.fired(), "a fixed token is not renewed: the request is not sent again");
      String stderr = run.stderr().replaceAll("request-id [0-9a-f-]{36}", "request-id R");
      assertEquals("""
          error: granting admin consent: Graph 401 InvalidAuthenticationToken "the access token expired; \
          get a new one (sign in again, or set a new APPREG_ACCESS_TOKEN) and run the same command again: it continues \
          from what is in the tenant" (request-id R)
          hint: re-run with -v to see each Graph request; see docs/troubleshooting.md
          Done: 2 steps. Not done: 1:
            FAILED      grant admin consent for Microsoft Graph: User.Read
          Fix the cause and run apply again: it continues from what is in the tenant, without duplicates.
          """, stderr, run::toString);

      CliRun json = cli.run("apply", "-f", manifest.toString(), "--yes", "--format", "json");
      assertEquals(1, json.exitCode(), json::toString);
      JsonNode doc = new ObjectMapper().readTree(json.stdout());
      assertEquals(Set.of(), JsonOutputIT.validate("error", doc), doc::toString);
      assertEquals(401, doc.path("error").path("graph").path("status").asInt());
      assertTrue(doc.path("error").path("message").asText().contains("the access token expired"), doc::toString);

      tenant.faults().clear();
      CliRun again = cli.run("apply", "-f", manifest.toString(), "--yes");
      assertEquals(0, again.exitCode(), again::toString);
      assertEquals(1, tenant.applicationsWithUniqueName("expiring-app").size());
    }
  }
}
