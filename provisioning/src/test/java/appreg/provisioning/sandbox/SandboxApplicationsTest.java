package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.applications.item.addpassword.AddPasswordPostRequestBody;
import com.microsoft.graph.applications.item.removepassword.RemovePasswordPostRequestBody;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.PasswordCredential;
import com.microsoft.graph.models.WebApplication;
import com.microsoft.graph.models.odataerrors.ODataError;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxApplicationsTest extends AgainstSandbox {

  private Application upsert(String key, String displayName) {
    var app = new Application();
    app.setDisplayName(displayName);
    app.setSignInAudience("AzureADMyOrg");
    return graph.applicationsWithUniqueName(key).patch(app, rc -> rc.headers.add("Prefer", "create-if-missing"));
  }

  @Test
  void upsertByUniqueNameCreatesOnceThenUpdates() {
    Application created = upsert("partner-referrals", "Partner Center Referrals");
    assertNotNull(created, "201 carries the new application");
    assertEquals("partner-referrals", created.getUniqueName());
    assertNotNull(created.getAppId());
    assertEquals("contoso.onmicrosoft.com", created.getPublisherDomain());

    Application again = upsert("partner-referrals", "Partner Center Referrals (renamed)");
    assertNull(again, "204 has no body, so the SDK returns null");

    assertEquals(1, tenant.applicationsWithUniqueName("partner-referrals").size());
    assertEquals("Partner Center Referrals (renamed)",
        tenant.application("partner-referrals").get("displayName").asText());
    Application read = graph.applicationsWithUniqueName("partner-referrals").get();
    assertEquals(created.getId(), read.getId());
  }

  @Test
  void patchWithoutPreferOnMissingKeyIs404() {
    var app = new Application();
    app.setDisplayName("x");
    var e = assertThrows(ODataError.class, () -> graph.applicationsWithUniqueName("nope").patch(app));
    assertEquals(404, e.getResponseStatusCode());
    assertEquals("Request_ResourceNotFound", e.getError().getCode());
  }

  @Test
  void addPasswordShowsTheSecretOnceAndOnlyTheHintLater() {
    Application created = upsert("secrets", "Secrets");
    var body = new AddPasswordPostRequestBody();
    var pc = new PasswordCredential();
    pc.setDisplayName("appreg");
    pc.setEndDateTime(OffsetDateTime.now().plusDays(180));
    body.setPasswordCredential(pc);
    PasswordCredential issued = graph.applications().byApplicationId(created.getId()).addPassword().post(body);

    assertNotNull(issued.getSecretText());
    assertEquals(40, issued.getSecretText().length());
    assertEquals(issued.getSecretText().substring(0, 3), issued.getHint());
    assertNotNull(issued.getKeyId());

    Application read = graph.applications().byApplicationId(created.getId()).get();
    List<PasswordCredential> creds = read.getPasswordCredentials();
    assertEquals(1, creds.size());
    assertEquals(issued.getHint(), creds.get(0).getHint());
    assertEquals(issued.getKeyId(), creds.get(0).getKeyId());
    assertNull(creds.get(0).getSecretText());
    assertTrue(tenant.list("applications").toString().indexOf(issued.getSecretText()) < 0);

    var remove = new RemovePasswordPostRequestBody();
    remove.setKeyId(issued.getKeyId());
    graph.applications().byApplicationId(created.getId()).removePassword().post(remove);
    assertTrue(graph.applications().byApplicationId(created.getId()).get().getPasswordCredentials().isEmpty());
  }

  @Test
  void unknownPropertyInsideComplexTypeIsGraphs400() {
    var app = new Application();
    app.setDisplayName("Bad");
    var web = new WebApplication();
    web.getAdditionalData().put("replyUrl", "https://localhost");
    app.setWeb(web);
    var e = assertThrows(ODataError.class, () -> graph.applications().post(app));
    assertEquals(400, e.getResponseStatusCode());
    assertEquals("Request_BadRequest", e.getError().getCode());
    assertEquals("The property 'replyUrl' does not exist on type 'Microsoft.DirectoryServices.WebApplication'. "
        + "Make sure to only use property names that are defined by the type.", e.getError().getMessage());
    assertNotNull(e.getError().getInnerError().getRequestId());
  }
}
