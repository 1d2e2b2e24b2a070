package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.RecordedRequest;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Role assignees named by UPN as Entra spells them: a B2B guest, and a UPN starting with '$'. */
class AssigneesIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GUEST = "alex_fabrikam.com#EXT#@contoso.onmicrosoft.com";
  static final String DOLLAR = "$ops@contoso.onmicrosoft.com";
  static final String REPORTS_READER = "4a5d8f65-41da-4de4-8968-e035b65339cf";
  static final String DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";

  @TempDir Path dir;

  /** The request lines of every GET sent inside a $batch, as the batch body carries them. */
  private static List<String> batchedGets(SimulatedTenant tenant) throws Exception {
    List<String> lines = new ArrayList<>();
    for (RecordedRequest r : tenant.requests()) {
      if (!r.path().equals("/$batch")) continue;
      for (JsonNode item : JSON.readTree(r.body()).path("requests")) {
        lines.add(item.path("method").asText() + " " + item.path("url").asText());
      }
    }
    return lines;
  }

  @Test
  void aGuestAndADollarUpnAreFoundAndAssigned() throws Exception {
    var tenant = SimulatedTenant.fresh();
    Path manifest = dir.resolve("appreg.yaml");
    Files.writeString(manifest, """
        applications:
          - key: readers
            displayName: Readers
            permissions:
              - api: Microsoft Graph
                delegated: [User.Read]
            directoryRoles:
              - role: Reports Reader
                assignee: alex_fabrikam.com#EXT#@contoso.onmicrosoft.com
              - role: Directory Readers
                assignee: $ops@contoso.onmicrosoft.com
        """);
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun apply = cli.run("apply", "-f", manifest.toString(), "--yes");
      assertEquals(0, apply.exitCode(), apply::toString);

      List<String> gets = batchedGets(tenant);
      assertTrue(gets.contains("GET /users/alex_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com"
          + "?$select=id,userPrincipalName,displayName"), () -> String.join("\n", gets));
      assertTrue(gets.contains("GET /users('$ops@contoso.onmicrosoft.com')?$select=id,userPrincipalName,displayName"),
          () -> String.join("\n", gets));

      String guest = tenant.user(GUEST).path("id").asText();
      String dollar = tenant.user(DOLLAR).path("id").asText();
      assertEquals(1, tenant.list("roleAssignments").stream().filter(a -> a.path("principalId").asText().equals(guest)
          && a.path("roleDefinitionId").asText().equals(REPORTS_READER)).count());
      assertEquals(1, tenant.list("roleAssignments").stream().filter(a -> a.path("principalId").asText().equals(dollar)
          && a.path("roleDefinitionId").asText().equals(DIRECTORY_READERS)).count());

      CliRun plan = cli.run("plan", "-f", manifest.toString());
      assertEquals(0, plan.exitCode(), plan::toString);
    }
  }
}
