package appreg.provisioning.graph;

import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.TenantConsumer;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.Unread;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the certificates of chosen registrations for {@code audit}: Graph returns a certificate ({@code
 * keyCredentials[].key}) only to a read of one application that selects {@code keyCredentials}, never in a list
 * (microsoft-graph-docs-contrib api-reference/v1.0/resources/keycredential.md; application-get.md). So each
 * registration costs one {@code GET /applications/{id}?$select=id,keyCredentials}, carried twenty to a {@code $batch}
 * (concepts/json-batching.md).
 *
 * <p>application-get.md and application-list.md: "The use of $select to get keyCredentials for applications has a
 * throttling limit of 150 requests per minute for every tenant", well below the identity-and-access quotas that govern
 * the other reads (concepts/throttling-limits.md, "Identity and access service limits"). The docs do not say whether
 * that minute is a fixed window, a sliding one or a bucket that refills, so these reads keep to the strictest of them:
 * at most {@value #PER_WINDOW} in any minute, counting the listing's pages, which select keyCredentials too. The
 * first {@value #PER_WINDOW}, less those pages, go at once (a manifest declares few registrations); then the reading
 * rests {@link #REST} (a minute, and a second for the clocks and the network between), and so on: planned waits that
 * do not spend the run's retry budget. Ten of the 150 are left for retries and for other callers in the tenant.
 * Items Graph still throttles (inner 429 with {@code Retry-After}) are retried by {@link Batch} within that budget.
 * Graph refusing a read, or throttling past the budget, ends the reading, not the audit: what was read is judged and
 * the rest reported as {@link TenantPart#CERTIFICATES} not read.
 * A registration deleted since it was listed (404) is skipped.
 */
public final class CertificateReader {
  /** Reads of keyCredentials in any minute, at most: seven batches, ten under the documented 150. */
  static final int PER_WINDOW = 140;
  /** The rest after each {@value #PER_WINDOW} reads: past it, none of them is within a minute of the next. */
  static final Duration REST = Duration.ofSeconds(61);

  private final GraphConnection connection;

  public CertificateReader(GraphConnection connection) {
    this.connection = connection;
  }

  /**
   * Reads the certificates of {@code applications} into {@code into} ({@link TenantConsumer#certificates}).
   * {@code alreadySent}: the requests selecting keyCredentials on applications this run has just sent (the
   * listing's pages, {@link TenantReader#keyCredentialReads}), which count toward the same minute.
   */
  public void read(List<ObjectId> applications, int alreadySent, TenantConsumer into,
                   Consumer<TenantReader.Progress> progress) {
    if (applications.isEmpty()) return;
    var options = connection.options();
    String label = String.format("of %,d registrations' certificates", applications.size());
    int left = Math.max(0, PER_WINDOW - alreadySent);
    if (applications.size() > left) {
      long minutes = (applications.size() - left + PER_WINDOW - 1) / PER_WINDOW;
      options.trace().line("reading the certificates of " + applications.size() + " registrations: Graph allows 150 such "
          + "reads a minute per tenant, so this takes about " + minutes + " min more");
    }
    int read = 0;
    for (int from = 0; from < applications.size(); ) {
      if (left == 0) {
        pause(options);
        left = PER_WINDOW;
      }
      int size = Math.min(Math.min(Batch.MAX, left), applications.size() - from);
      List<ObjectId> wave = applications.subList(from, from + size);
      from += size;
      left -= size;
      Batch batch = new Batch(connection);
      Map<String, ObjectId> byId = new LinkedHashMap<>();
      for (ObjectId app : wave) {
        String id = Integer.toString(byId.size() + 1);
        byId.put(id, app);
        batch.add(id, connection.client().applications().byApplicationId(app.value())
            .toGetRequestInformation(rc -> rc.queryParameters.select = new String[] {"id", "keyCredentials"}));
      }
      Map<String, Batch.Item> answers = GraphErrors.call("reading the certificates of registrations",
          TenantReader.READ_APPLICATIONS, batch::send);
      Unread stop = null;
      for (Map.Entry<String, ObjectId> e : byId.entrySet()) {
        Batch.Item item = answers.get(e.getKey());
        if (item.ok()) {
          JsonNode body = item.body() == null ? MissingNode.getInstance() : item.body();
          into.certificates(e.getValue(), TenantJson.keys(body.path("keyCredentials")));
          read++;
        } else if (item.status() == 404) {
          options.trace().line("reading the certificates of " + e.getValue() + ": Graph 404, deleted since it was listed");
        } else if (stop == null) {
          stop = unread(item.failure(), read, applications.size());
        }
      }
      progress.accept(new TenantReader.Progress(Map.of(label, read), false));
      if (stop != null) {
        options.trace().line("reading the certificates of registrations: Graph " + stop.status()
            + "; going on without the rest (certificate-weak-key judges what was read)");
        into.unread(stop);
        break;
      }
    }
    progress.accept(new TenantReader.Progress(Map.of(label, read), true));
  }

  /** As TenantReader reports a refused part: for a 403 the permissions, never Graph's text; otherwise Graph's words. */
  private static Unread unread(GraphErrors.Failure f, int read, int total) {
    if (f.status() == 403) {
      return new Unread(TenantPart.CERTIFICATES, 403, f.code(), "", f.requestId(), TenantReader.READ_APPLICATIONS);
    }
    String after = ", after " + read + " of " + total + " were read";
    if (f.status() == 0) return Unread.notRead(TenantPart.CERTIFICATES, "Graph did not answer a read" + after);
    boolean throttled = f.status() == 429 || f.status() == 503 || f.status() == 504;
    String message = throttled ? "still throttled when this run's retry budget ran out" + after : f.message();
    return new Unread(TenantPart.CERTIFICATES, f.status(), f.code(), message, f.requestId(), List.of());
  }

  private static void pause(GraphConnection.Options options) {
    try {
      options.sleeper().sleep(REST);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new appreg.provisioning.GraphCallException("reading the certificates of registrations", 0, "",
          "interrupted while pacing reads", "", e);
    }
  }
}
