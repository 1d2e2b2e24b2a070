package appreg.provisioning.graph;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.GraphCallException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paging edge cases (faults.md F32, F33) on Graph-shaped JSON served by WireMock. */
class BulkPagerTest {
  private WireMockServer wm;
  private String base;
  private final TestConnections t = new TestConnections();

  @BeforeEach
  void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    wm.start();
    base = "http://127.0.0.1:" + wm.port() + "/v1.0";
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  private void page(String query, String body) {
    wm.stubFor(get(urlEqualTo("/v1.0/items" + query)).willReturn(okJson(body)));
  }

  private List<String> read(Map<String, String> headers) {
    List<String> ids = new ArrayList<>();
    try (var c = t.open(base, "token")) {
      var chain = new BulkPager.Chain("listing items", "/items?p=1", headers, false, List.of("Items.Read"),
          BulkPager.OnRefused.FAIL, n -> ids.add(n.path("id").asText()));
      new BulkPager(c.client().getRequestAdapter(), c.baseUrl(), c.options(), 2).run(List.of(chain), all -> List.of(), () -> {});
    }
    return ids;
  }

  @Test
  void repeatedItemsAreCountedOnceAndEmptyPagesWithALinkAreFollowed() {
    page("?p=1", "{\"value\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"@odata.nextLink\":\"" + base + "/items?p=2\"}");
    page("?p=2", "{\"value\":[],\"@odata.nextLink\":\"" + base + "/items?p=3\"}");
    page("?p=3", "{\"value\":[{\"id\":\"b\"},{\"id\":\"c\"}]}");
    assertEquals(List.of("a", "b", "c"), read(Map.of()));
  }

  @Test
  void aNextLinkSeenBeforeEndsTheListingInsteadOfLooping() {
    page("?p=1", "{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"" + base + "/items?p=2\"}");
    page("?p=2", "{\"value\":[],\"@odata.nextLink\":\"" + base + "/items?p=2\"}");
    assertEquals(List.of("a"), read(Map.of()));
    wm.verify(1, getRequestedFor(urlEqualTo("/v1.0/items?p=2")));
    assertTrue(t.trace.stream().anyMatch(l -> l.contains("next link repeats")), String.join("\n", t.trace));
  }

  @Test
  void endlessEmptyPagesAreAnErrorNotAHang() {
    for (int i = 1; i <= 200; i++) page("?p=" + i, "{\"value\":[],\"@odata.nextLink\":\"" + base + "/items?p=" + (i + 1) + "\"}");
    var e = assertThrows(GraphCallException.class, () -> read(Map.of()));
    assertTrue(e.getMessage().contains("empty pages in a row"), e.getMessage());
  }

  @Test
  void theConsistencyLevelHeaderGoesOnEveryPageAndTheLinkIsFollowedVerbatim() {
    page("?p=1", "{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"" + base + "/items?p=2&$skiptoken=X%27Y\"}");
    page("?p=2&$skiptoken=X%27Y", "{\"value\":[{\"id\":\"b\"}]}");
    assertEquals(List.of("a", "b"), read(Map.of("ConsistencyLevel", "eventual")));
    wm.verify(getRequestedFor(urlEqualTo("/v1.0/items?p=2&$skiptoken=X%27Y")).withHeader("ConsistencyLevel", equalTo("eventual")));
  }

  @Test
  void aNextLinkToAnotherHostIsRefused() {
    page("?p=1", "{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"https://evil.example/v1.0/items?p=2\"}");
    var e = assertThrows(GraphCallException.class, () -> read(Map.of()));
    assertTrue(e.getMessage().contains("next link leaves"), e.getMessage());
  }
}
