package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SandboxSeedingTest {

  @Test
  void tenThousandRegistrationsAreVaried() {
    var tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(10_000, 42);

    var apps = tenant.list("applications");
    assertEquals(10_000, apps.size());
    int sps = tenant.list("servicePrincipals").size() - 3;
    assertTrue(sps > 8_500 && sps < 9_500, "about 90% have a service principal: " + sps);
    Instant now = Instant.now();
    long expired = apps.stream().flatMap(a -> java.util.stream.StreamSupport.stream(
            a.get("passwordCredentials").spliterator(), false))
        .filter(c -> Instant.parse(c.get("endDateTime").asText()).isBefore(now)).count();
    assertTrue(expired > 1_000, "some secrets have expired: " + expired);
    long withoutOwners = apps.stream().filter(a -> tenant.owners(a.get("id").asText()).isEmpty()).count();
    assertTrue(withoutOwners > 500 && withoutOwners < 3_000, "some have no owners: " + withoutOwners);
    assertTrue(tenant.list("oauth2PermissionGrants").size() > 1_000);
    assertTrue(tenant.list("appRoleAssignments").size() > 500);
  }

  @Test
  void sameSeedSameRegistrations() {
    var a = SimulatedTenant.fresh();
    var b = SimulatedTenant.fresh();
    a.seedSyntheticRegistrations(200, 9);
    b.seedSyntheticRegistrations(200, 9);
    assertEquals(a.list("applications").stream().map(x -> x.get("displayName").asText() + x.get("appId")).toList(),
        b.list("applications").stream().map(x -> x.get("displayName").asText() + x.get("appId")).toList());
  }
}
