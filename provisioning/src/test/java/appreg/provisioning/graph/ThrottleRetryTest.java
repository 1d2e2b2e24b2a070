package appreg.provisioning.graph;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ThrottleRetryTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @Nested
  class RetryAfterHeader {
    @Test
    void wholeSeconds() {
      assertEquals(Optional.of(Duration.ofSeconds(3)), ThrottleRetry.retryAfter("3", NOW));
    }

    @Test
    void fractionalSecondsAsInGraphsOwnSampleAreNotRoundedDown() {
      Duration d = ThrottleRetry.retryAfter("2.128", NOW).orElseThrow();
      assertTrue(d.compareTo(Duration.ofMillis(2128)) >= 0, d.toString());
      assertTrue(d.compareTo(Duration.ofMillis(2129)) < 0, d.toString());
      assertTrue(ThrottleRetry.retryAfter("0.0001", NOW).orElseThrow().compareTo(Duration.ZERO) > 0);
    }

    @Test
    void anHttpDateInTheFutureIsWaitedFor() {
      assertEquals(Optional.of(Duration.ofSeconds(10)), ThrottleRetry.retryAfter("Sun, 01 Jun 2025 12:00:10 GMT", NOW));
    }

    @Test
    void anHttpDateInThePastGivesAShortBackoff() {
      Duration d = ThrottleRetry.retryAfter("Sun, 01 Jun 2025 11:00:00 GMT", NOW).orElseThrow();
      assertTrue(d.compareTo(Duration.ZERO) > 0 && d.compareTo(Duration.ofSeconds(1)) <= 0, d.toString());
      assertEquals(d, ThrottleRetry.retryAfter("0", NOW).orElseThrow());
    }

    @Test
    void garbageOrNothingIsNoAnswer() {
      for (String h : new String[] {null, "", "  ", "soon", "3s", "NaN", "Infinity", "Mon, 32 Foo 2025"}) {
        assertEquals(Optional.empty(), ThrottleRetry.retryAfter(h, NOW), String.valueOf(h));
      }
    }
  }

  @Nested
  class WholeAnswers {
    private static final String PAGE = "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#applications\","
        + "\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/applications?$skiptoken=X\",\"value\":["
        + "{\"id\":\"a\",\"displayName\":\"quote \\\" and brace } and bracket ] in a name\",\"tags\":[],\"web\":{}},"
        + "{\"id\":\"b\",\"displayName\":\"caf\u00e9 \\\\\",\"notes\":null,\"n\":[1,2.5,true,false]}]}";

    @Test
    void aWholeObjectOrArrayCloses() {
      assertTrue(ThrottleRetry.closes(bytes(PAGE)));
      assertTrue(ThrottleRetry.closes(bytes("  " + PAGE + " \r\n")));
      assertTrue(ThrottleRetry.closes(bytes("[]")));
      assertTrue(ThrottleRetry.closes(bytes("{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[]}}]}")));
    }

    @Test
    void cutAnywhereBeforeItsLastBracketItDoesNot() {
      byte[] page = bytes(PAGE);
      for (int n = 0; n < page.length; n++) {
        assertTrue(!ThrottleRetry.closes(java.util.Arrays.copyOf(page, n)), "cut after " + n + " bytes");
      }
    }

    @Test
    void anythingElseIsLeftToTheTokenizer() {
      for (String s : new String[] {"", "  ", "null", "42", "\"text\"", "{}}", "{} {}", "{]", "[}", "{\"a\":[}]", "{} x"}) {
        assertTrue(!ThrottleRetry.closes(bytes(s)), s);
      }
    }

    private static byte[] bytes(String s) {
      return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Nested
  class AsAnInterceptor {
    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();

    @BeforeEach
    void start() {
      server.start();
    }

    @AfterEach
    void stop() {
      server.stop();
    }

    private OkHttpClient client(RetryBudget budget) {
      ThrottleRetry retry = new ThrottleRetry(sleeps::add, Clock.fixed(NOW, ZoneOffset.UTC), trace::add, budget, new Random(7));
      return new OkHttpClient.Builder().addInterceptor(retry).build();
    }

    private OkHttpClient client() {
      return client(RetryBudget.standard());
    }

    private String url() {
      return server.baseUrl() + "/v1.0/applications";
    }

    /** The first answer once, then {@code then} for good. */
    private void firstThen(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first,
                           com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder then) {
      server.stubFor(any(urlEqualTo("/v1.0/applications")).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
          .willReturn(first).willSetStateTo("second"));
      server.stubFor(any(urlEqualTo("/v1.0/applications")).inScenario("s").whenScenarioStateIs("second").willReturn(then));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok() {
      return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"value\":[]}");
    }

    private Response get(OkHttpClient c) throws IOException {
      return c.newCall(new Request.Builder().url(url()).get().build()).execute();
    }

    private Response post(OkHttpClient c, boolean idempotent) throws IOException {
      Request.Builder b = new Request.Builder().url(url()).post(RequestBody.create("{}", MediaType.get("application/json")));
      if (idempotent) b.tag(IdempotentPost.class, IdempotentPost.INSTANCE);
      return c.newCall(b.build()).execute();
    }

    private int requests() {
      return server.findAll(anyRequestedFor(urlEqualTo("/v1.0/applications"))).size();
    }

    @Test
    void a429WithFractionalRetryAfterIsWaitedOutOnceThenSucceeds() throws IOException {
      firstThen(aResponse().withStatus(429).withHeader("Retry-After", "2.128").withHeader("Content-Type", "application/json")
          .withBody("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Please retry again later.\"}}"), ok());
      try (Response r = get(client())) {
        assertEquals(200, r.code());
        assertEquals("{\"value\":[]}", r.body().string());
      }
      assertEquals(1, sleeps.size());
      assertTrue(sleeps.get(0).compareTo(Duration.ofMillis(2128)) >= 0, sleeps.toString());
      assertEquals(2, requests());
      assertTrue(trace.stream().anyMatch(l -> l.equals("retry 1 of GET /v1.0/applications in 2.128 s: 429 Retry-After 2.128 s")),
          trace.toString());
    }

    @Test
    void a429OnAPostIsRetriedBecauseGraphDidNotProcessIt() throws IOException {
      firstThen(aResponse().withStatus(429).withHeader("Retry-After", "3"), ok());
      try (Response r = post(client(), false)) {
        assertEquals(200, r.code());
      }
      assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
    }

    @Test
    void a503OnAGetIsRetried() throws IOException {
      firstThen(aResponse().withStatus(503), ok());
      try (Response r = get(client())) {
        assertEquals(200, r.code());
      }
      assertEquals(1, sleeps.size());
      assertTrue(sleeps.get(0).compareTo(Duration.ofMillis(500)) >= 0 && sleeps.get(0).compareTo(Duration.ofSeconds(1)) <= 0,
          "first backoff is between half a second and a second: " + sleeps);
    }

    @Test
    void a503WithRetryAfterOnAGetHonoursIt() throws IOException {
      firstThen(aResponse().withStatus(503).withHeader("Retry-After", "4"), ok());
      try (Response r = get(client())) {
        assertEquals(200, r.code());
      }
      assertEquals(List.of(Duration.ofSeconds(4)), sleeps);
    }

    @Test
    void a503OnAPostIsNotRetriedBecauseTheServerMayHaveDoneIt() throws IOException {
      firstThen(aResponse().withStatus(503), ok());
      try (Response r = post(client(), false)) {
        assertEquals(503, r.code());
      }
      assertEquals(List.of(), sleeps);
      assertEquals(1, requests());
    }

    @Test
    void a504OnAPostTaggedIdempotentIsRetried() throws IOException {
      firstThen(aResponse().withStatus(504), ok());
      try (Response r = post(client(), true)) {
        assertEquals(200, r.code());
      }
      assertEquals(2, requests());
    }

    @Test
    void aRetryAfterBeyondTheBudgetGivesUpAtOnceWithThe429() throws IOException {
      server.stubFor(any(urlEqualTo("/v1.0/applications")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
      try (Response r = get(client())) {
        assertEquals(429, r.code());
      }
      assertEquals(List.of(), sleeps, "no hang: nothing is waited for");
      assertEquals(1, requests());
      assertTrue(trace.get(trace.size() - 1).startsWith("giving up on GET /v1.0/applications: Graph asks to wait 3600 s, "
          + "more than the 300 s left"), trace.toString());
    }

    @Test
    void throttlingForeverStopsAfterTheLastAttempt() throws IOException {
      server.stubFor(any(urlEqualTo("/v1.0/applications")).willReturn(aResponse().withStatus(429)));
      try (Response r = get(client(new RetryBudget(4, Duration.ofMinutes(5))))) {
        assertEquals(429, r.code());
      }
      assertEquals(4, requests());
      assertEquals(3, sleeps.size());
      assertTrue(sleeps.get(2).compareTo(sleeps.get(0)) > 0, "backoff grows: " + sleeps);
    }

    @Test
    void theBudgetIsSharedAcrossRequests() throws IOException {
      server.stubFor(any(urlEqualTo("/v1.0/applications")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "40")));
      RetryBudget budget = new RetryBudget(8, Duration.ofSeconds(100));
      OkHttpClient c = client(budget);
      try (Response r = get(c)) {
        assertEquals(429, r.code());
      }
      assertEquals(List.of(Duration.ofSeconds(40), Duration.ofSeconds(40)), sleeps);
      try (Response r = get(c)) {
        assertEquals(429, r.code());
      }
      assertEquals(2, sleeps.size(), "nothing left for the second request");
    }

    @Test
    void aTruncatedJsonBodyOnAGetIsRetried() throws IOException {
      firstThen(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"value\":[{\"id\":\"a\""), ok());
      try (Response r = get(client())) {
        assertEquals(200, r.code());
        assertEquals("{\"value\":[]}", r.body().string());
      }
      assertEquals(2, requests());
    }

    @Test
    void aTruncatedJsonBodyOnAPostIsATransportErrorNotARetry() {
      firstThen(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"secretText\":\"abc"), ok());
      IOException e = assertThrows(IOException.class, () -> post(client(), false).close());
      assertEquals("incomplete JSON in the answer to POST /v1.0/applications", e.getMessage());
      assertEquals(1, requests());
    }

    @Test
    void otherErrorsPassThroughUntouched() throws IOException {
      server.stubFor(any(urlEqualTo("/v1.0/applications")).willReturn(aResponse().withStatus(403)
          .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"code\":\"Authorization_RequestDenied\"}}")));
      try (Response r = get(client())) {
        assertEquals(403, r.code());
        assertTrue(r.body().string().contains("Authorization_RequestDenied"));
      }
      assertEquals(List.of(), sleeps);
    }
  }
}
