package appreg.provisioning.graph;

import appreg.provisioning.secret.Sensitive;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Graph connection for tests: a fixed clock, a sleeper that only records, a trace kept in memory. */
final class TestConnections {
  final List<String> trace = new CopyOnWriteArrayList<>();
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  /** Told of every recorded sleep, e.g. a simulated tenant's clock ({@code SimulatedTenant::advanceClock}). */
  java.util.function.Consumer<Duration> onSleep = d -> {};

  GraphConnection open(String baseUrl, String token) {
    String root = baseUrl.endsWith("/v1.0") ? baseUrl.substring(0, baseUrl.length() - "/v1.0".length()) : baseUrl;
    var settings = new ConnectionSettings(Cloud.GLOBAL, root, null, null, new Sensitive(token), null);
    var options = new GraphConnection.Options(trace::add, d -> {
          sleeps.add(d);
          onSleep.accept(d);
        },
        Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC), RetryBudget.standard(), new Random(1));
    return GraphConnection.open(settings, options, () -> {
      throw new IllegalStateException("no sandbox here");
    });
  }
}
