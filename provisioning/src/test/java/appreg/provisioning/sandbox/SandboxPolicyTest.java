package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.applications.item.addpassword.AddPasswordPostRequestBody;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.PasswordCredential;
import com.microsoft.graph.models.odataerrors.ODataError;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxPolicyTest extends AgainstSandbox {
  private String appId;

  @BeforeEach
  void start() {
    var app = new Application();
    app.setDisplayName("Policy bound");
    appId = graph.applications().post(app).getId();
  }

  private PasswordCredential addPassword(int days) {
    var body = new AddPasswordPostRequestBody();
    var pc = new PasswordCredential();
    pc.setDisplayName("appreg");
    pc.setEndDateTime(OffsetDateTime.now().plusDays(days));
    body.setPasswordCredential(pc);
    return graph.applications().byApplicationId(appId).addPassword().post(body);
  }

  @Test
  void freshTenantEnforcesNothingAndLetsUsersRegisterApps() {
    var policy = graph.policies().defaultAppManagementPolicy().get();
    assertFalse(policy.getIsEnabled());
    var authz = graph.policies().authorizationPolicy().get();
    assertTrue(authz.getDefaultUserRolePermissions().getAllowedToCreateApps());
    assertNotNull(addPassword(730).getSecretText());
  }

  @Test
  void lifetimeCapUsesLessThan() {
    tenant.restrictPasswordLifetime("P181D");
    assertNotNull(addPassword(180).getSecretText(), "180 days is less than 181");
    var e = assertThrows(ODataError.class, () -> addPassword(181));
    assertEquals(400, e.getResponseStatusCode());
    assertEquals("CredentialInvalidLifetimeAsPerAppPolicy", e.getError().getCode());
    assertEquals("Credential lifetime exceeds the max value allowed as per assigned policy "
        + "'00000000-0000-0000-0000-000000000000'.", e.getError().getMessage());
    assertEquals("InvalidKeyEndDate", e.getError().getDetails().get(0).getCode());
    assertEquals("EndDate", e.getError().getDetails().get(0).getTarget());
  }

  @Test
  void passwordAdditionBlocked() {
    tenant.blockPasswordAddition();
    var e = assertThrows(ODataError.class, () -> addPassword(30));
    assertEquals(400, e.getResponseStatusCode());
    assertTrue(tenant.list("applications").get(0).get("passwordCredentials").isEmpty());
  }
}
