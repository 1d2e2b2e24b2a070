package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.odataerrors.ODataError;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DELETE of applications and service principals goes to deleted items, as in Entra; purge ends it. */
class SandboxDeletedItemsTest extends AgainstSandbox {
  @TempDir Path dir;

  private Application app(String key) {
    var a = new Application();
    a.setDisplayName("To delete");
    a.setTags(List.of("appreg:key=" + key));
    Application created = graph.applicationsWithUniqueName(key).patch(a, rc -> rc.headers.add("Prefer", "create-if-missing"));
    var sp = new ServicePrincipal();
    sp.setAppId(created.getAppId());
    graph.servicePrincipals().post(sp);
    return created;
  }

  @Test
  void deletingAnApplicationTakesItsServicePrincipalIntoDeletedItems() {
    Application created = app("gone");
    graph.applications().byApplicationId(created.getId()).delete();

    assertEquals(List.of(), tenant.applicationsWithUniqueName("gone"));
    assertEquals(List.of(), tenant.servicePrincipalsFor(created.getAppId()));
    var e = assertThrows(ODataError.class, () -> graph.applicationsWithUniqueName("gone").get());
    assertEquals(404, e.getResponseStatusCode());

    var deleted = graph.directory().deletedItems().graphApplication().get(rc ->
        rc.queryParameters.filter = "tags/any(t:t eq 'appreg:key=gone')").getValue();
    assertEquals(List.of(created.getId()), deleted.stream().map(Application::getId).toList());
    assertTrue(deleted.get(0).getDeletedDateTime() != null, "deletedDateTime is set");
    var deletedSps = graph.directory().deletedItems().graphServicePrincipal().get(rc ->
        rc.queryParameters.filter = "appId eq '" + created.getAppId() + "'").getValue();
    assertEquals(1, deletedSps.size(), "the service principal is a deleted item of its own");
  }

  @Test
  void purgeIsPermanentAndASecondPurgeIs404() {
    Application created = app("purged");
    graph.applications().byApplicationId(created.getId()).delete();
    graph.directory().deletedItems().byDirectoryObjectId(created.getId()).delete();
    assertEquals(List.of(), tenant.deletedItems("applications"));
    var again = assertThrows(ODataError.class, () -> graph.directory().deletedItems().byDirectoryObjectId(created.getId()).delete());
    assertEquals(404, again.getResponseStatusCode());
    assertEquals(1, tenant.deletedItems("servicePrincipals").size(), "the service principal stays until purged itself");
  }

  @Test
  void deletedItemsSurviveTheStateFile() {
    Application created = app("kept");
    graph.applications().byApplicationId(created.getId()).delete();
    Path file = dir.resolve("state.json");
    tenant.save(file);
    SimulatedTenant loaded = SimulatedTenant.load(file);
    assertEquals(List.of(created.getId()), loaded.deletedItems("applications").stream().map(o -> o.get("id").asText()).toList());
  }

  @Test
  void listingDeletedItemsWithoutACastIsRefused() {
    var e = assertThrows(Exception.class, () -> graph.directory().deletedItems().get());
    assertTrue(e instanceof ODataError o && o.getResponseStatusCode() == 400, e.toString());
  }
}
