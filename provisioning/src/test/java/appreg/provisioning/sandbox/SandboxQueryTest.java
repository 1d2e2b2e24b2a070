package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.models.BatchRequestStep;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.ApplicationCollectionResponse;
import com.microsoft.graph.models.Organization;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.odataerrors.ODataError;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxQueryTest extends AgainstSandbox {

  @Test
  void pagesThrough250ApplicationsByNextLink() {
    tenant.seedSyntheticRegistrations(250, 7);
    tenant.resetRequestLog();
    Set<String> ids = new HashSet<>();
    ApplicationCollectionResponse page = graph.applications().get(rc -> {
      rc.queryParameters.top = 100;
      rc.queryParameters.select = new String[] {"id", "displayName"};
    });
    int pages = 0;
    while (true) {
      pages++;
      page.getValue().forEach(a -> ids.add(a.getId()));
      String next = page.getOdataNextLink();
      if (next == null) {
        break;
      }
      assertTrue(next.startsWith(server.baseUrl() + "/applications?"), next);
      page = graph.applications().withUrl(next).get();
    }
    assertEquals(3, pages);
    assertEquals(250, ids.size());
    assertEquals(3, tenant.requestCount());
    assertNull(page.getValue().get(0).getAppId(), "$select keeps only the selected properties");
  }

  /** A next link names a position: what was created meanwhile moves the rest along, as a fresh listing would show it. */
  @Test
  void aNextLinkFollowedAfterACreateShowsTheCollectionAsItIsNow() {
    tenant.seedSyntheticRegistrations(5, 7);
    ApplicationCollectionResponse first = graph.applications().get(rc -> rc.queryParameters.top = 2);
    List<String> before = graph.applications().get().getValue().stream().map(Application::getId).toList();
    ApplicationCollectionResponse second = graph.applications().withUrl(first.getOdataNextLink()).get();
    assertEquals(before.subList(2, 4), second.getValue().stream().map(Application::getId).toList());

    var created = new Application();
    created.setDisplayName("created between pages");
    graph.applications().post(created);
    ApplicationCollectionResponse third = graph.applications().withUrl(second.getOdataNextLink()).get();
    List<String> now = graph.applications().get().getValue().stream().map(Application::getId).toList();
    assertEquals(now.subList(4, 6), third.getValue().stream().map(Application::getId).toList());
    assertNull(third.getOdataNextLink());
  }

  /** A filtered listing pages alike: by position among what the filter matches now, whatever changed meanwhile. */
  @Test
  void aFilteredListingsNextLinkShowsWhatTheFilterMatchesNow() {
    List<String> orphans = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      orphans.add(tenant.create("applications", json("{\"displayName\":\"Orphan " + i + "\"}")).get("id").asText());
    }
    ApplicationCollectionResponse first = ownerless(null);
    assertEquals(orphans.subList(0, 2), ids(first));
    assertEquals(7L, first.getOdataCount());
    ApplicationCollectionResponse second = ownerless(first.getOdataNextLink());
    assertEquals(orphans.subList(2, 4), ids(second));

    // an orphan already listed gets an owner: the rest move along, as a fresh listing shows them
    tenant.addOwner(orphans.get(0), tenant.user("admin@contoso.onmicrosoft.com").get("id").asText());
    ApplicationCollectionResponse third = ownerless(second.getOdataNextLink());
    assertEquals(orphans.subList(5, 7), ids(third));
    assertNull(third.getOdataNextLink());
  }

  private ApplicationCollectionResponse ownerless(String next) {
    if (next != null) {
      return graph.applications().withUrl(next).get(rc -> rc.headers.add("ConsistencyLevel", "eventual"));
    }
    return graph.applications().get(rc -> {
      rc.queryParameters.filter = "owners/$count eq 0";
      rc.queryParameters.count = true;
      rc.queryParameters.top = 2;
      rc.headers.add("ConsistencyLevel", "eventual");
    });
  }

  private static List<String> ids(ApplicationCollectionResponse page) {
    return page.getValue().stream().map(Application::getId).toList();
  }

  /** Listing the same objects again with the same $select answers the same, and anything changed as it is now. */
  @Test
  void aListingAgainShowsWhatChangedMeanwhile() {
    tenant.seedSyntheticRegistrations(30, 7);
    java.util.function.Supplier<List<String>> names = () -> graph.applications().get(rc -> {
      rc.queryParameters.top = 999;
      rc.queryParameters.select = new String[] {"id", "displayName", "web"};
    }).getValue().stream().map(a -> a.getDisplayName() + " " + a.getWeb().getRedirectUris()).toList();
    List<String> first = names.get();
    assertEquals(first, names.get());
    String id = graph.applications().get(rc -> rc.queryParameters.top = 1).getValue().get(0).getId();
    var patch = new Application();
    patch.setDisplayName("renamed between listings");
    graph.applications().byApplicationId(id).patch(patch);
    List<String> after = names.get();
    assertEquals(first.size(), after.size());
    assertTrue(after.get(0).startsWith("renamed between listings "), after.get(0));
    assertEquals(first.subList(1, first.size()), after.subList(1, after.size()));
  }

  @Test
  void topAbove999IsRefused() {
    var e = assertThrows(ODataError.class, () -> graph.applications().get(rc -> rc.queryParameters.top = 1000));
    assertEquals(400, e.getResponseStatusCode());
    assertEquals("Request_UnsupportedQuery", e.getError().getCode());
    assertEquals("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
        e.getError().getMessage());
  }

  @Test
  void unknownSelectAndUnsupportedFilterAreGraphErrors() {
    var select = assertThrows(ODataError.class, () -> graph.servicePrincipals()
        .get(rc -> rc.queryParameters.select = new String[] {"id", "publisherName"}));
    assertEquals("Property 'publisherName' does not exist as a declared property or extension property.",
        select.getError().getMessage());
    var filter = assertThrows(ODataError.class, () -> graph.applications()
        .get(rc -> rc.queryParameters.filter = "notes eq 'x'"));
    assertEquals("Request_UnsupportedQuery", filter.getError().getCode());
    var advanced = assertThrows(ODataError.class, () -> graph.applications()
        .get(rc -> rc.queryParameters.filter = "endswith(displayName,'API')"));
    assertTrue(advanced.getError().getMessage().startsWith("Operator 'endsWith' is not supported because the "
        + "required parameters might be missing."));
  }

  @Test
  void applicationsWithoutOwnersNeedAdvancedQueryParameters() {
    var owned = tenant.create("applications", json("{\"displayName\":\"Owned\"}"));
    tenant.addOwner(owned.get("id").asText(), tenant.user("admin@contoso.onmicrosoft.com").get("id").asText());
    tenant.create("applications", json("{\"displayName\":\"Orphan\"}"));

    var plain = assertThrows(ODataError.class, () -> graph.applications()
        .get(rc -> rc.queryParameters.filter = "owners/$count eq 0"));
    assertEquals(400, plain.getResponseStatusCode());
    assertEquals("$count is not currently supported.", plain.getError().getMessage());

    ApplicationCollectionResponse orphans = graph.applications().get(rc -> {
      rc.queryParameters.filter = "owners/$count eq 0";
      rc.queryParameters.count = true;
      rc.headers.add("ConsistencyLevel", "eventual");
    });
    assertEquals(List.of("Orphan"), orphans.getValue().stream().map(Application::getDisplayName).toList());
    assertEquals(1L, orphans.getOdataCount());

    Integer count = graph.applications().count().get(rc -> rc.headers.add("ConsistencyLevel", "eventual"));
    assertEquals(2, count);
    var expanded = graph.applications().get(rc -> {
      rc.queryParameters.filter = "displayName eq 'Owned'";
      rc.queryParameters.expand = new String[] {"owners"};
    }).getValue().get(0);
    assertEquals(1, expanded.getOwners().size());
  }

  @Test
  void organizationIsACollectionOfOne() {
    List<Organization> orgs = graph.organization().get().getValue();
    assertEquals(1, orgs.size());
    assertEquals("Contoso", orgs.get(0).getDisplayName());
    assertEquals(tenant.tenantId(), orgs.get(0).getId());
    var domain = orgs.get(0).getVerifiedDomains().get(0);
    assertEquals("contoso.onmicrosoft.com", domain.getName());
    assertTrue(domain.getIsInitial() && domain.getIsDefault());
  }

  @Test
  void batchIsOneRoundTripWithPerItemAnswersAndDependencies() throws Exception {
    tenant.resetRequestLog();
    var batch = new BatchRequestContent(graph);
    String org = batch.addBatchRequestStep(graph.organization().toGetRequestInformation());
    String missing = batch.addBatchRequestStep(
        graph.servicePrincipalsWithAppId("4990cffe-04e8-4e8b-808a-1175604b879f").toGetRequestInformation());
    var sp = new ServicePrincipal();
    sp.setAppId("4990cffe-04e8-4e8b-808a-1175604b879f");
    var create = graph.getRequestAdapter().convertToNativeRequest(graph.servicePrincipals().toPostRequestInformation(sp));
    batch.addBatchRequestStep(new BatchRequestStep("create", (okhttp3.Request) create, List.of(missing)));
    var response = graph.getBatchRequestBuilder().post(batch, null);
    var statuses = response.getResponsesStatusCode();
    assertEquals(200, statuses.get(org));
    assertEquals(404, statuses.get(missing));
    assertEquals(424, statuses.get("create"), "a failed dependency stops the dependent request");
    assertEquals(1, tenant.requestCount());
    assertEquals(0, tenant.servicePrincipalsFor("4990cffe-04e8-4e8b-808a-1175604b879f").size());
  }

  @Test
  void batchOfMoreThanTwentyIsRefused() throws Exception {
    var items = new StringBuilder("{\"requests\":[");
    for (int i = 1; i <= 21; i++) {
      items.append(i > 1 ? "," : "").append("{\"id\":\"").append(i).append("\",\"method\":\"GET\",\"url\":\"/organization\"}");
    }
    items.append("]}");
    var http = java.net.http.HttpClient.newHttpClient();
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/$batch"))
        .header("Authorization", "Bearer " + SandboxTokens.allPermissions())
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(items.toString())).build();
    var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode());
    var body = Entities.JSON.readTree(response.body());
    assertEquals("BadRequest", body.path("error").path("code").asText());
    assertNotNull(response.headers().firstValue("request-id").orElse(null));
  }

  static com.fasterxml.jackson.databind.node.ObjectNode json(String text) {
    try {
      return (com.fasterxml.jackson.databind.node.ObjectNode) Entities.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
