package appreg.cli.render.audit;

import appreg.cli.render.Json;
import appreg.cli.render.UnreadJson;
import appreg.provisioning.audit.AuditReport;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.IntendedRegistration;
import appreg.provisioning.audit.NotEvaluated;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Unread;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: every rule in {@code tool.driver.rules} (with help text and a
 * {@code security-severity} GitHub ranks by), and for each finding a result with {@code ruleId}, {@code level}, a
 * message, a physical location (code scanning refuses results without {@code artifactLocation.uri}) plus a logical
 * location naming the registration, and a {@code partialFingerprints} entry that survives re-runs.
 *
 * <p>The physical location is the manifest when one is given (at the declaring line for a declared registration),
 * else the snapshot file, else a stable pseudo path {@code entra-id/<tenant>/applications/<appId>}.
 * Sources: docs.github.com "SARIF support for code scanning"; OASIS SARIF 2.1.0.
 */
final class AuditSarif {
  private AuditSarif() {}

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String NOT_EVALUATED = "appreg-rule-not-evaluated";
  static final String NOT_READ = "appreg-tenant-part-not-read";
  private static final Set<String> VOLATILE = Set.of("daysLeft", "lastValidCredential");

  /** Streams the log: the results are written one at a time, straight to the generator. */
  static void print(PrintWriter out, AuditReport report, AuditFormat.Run run) {
    ObjectNode root = skeleton(report, run);
    ArrayNode results = (ArrayNode) root.get("runs").get(0).get("results");
    Map<String, Integer> index = new HashMap<>();
    for (Rule.Description d : report.rules()) index.put(d.id(), index.size());
    Map<String, IntendedRegistration> declared = new HashMap<>();
    for (IntendedRegistration i : report.declared()) declared.put(i.key(), i);
    Json.print(out, root, results, report.findings(), (g, f) -> result(g, f, report, run, index, declared));
  }

  /** The log with an empty {@code results} array, which {@link #print} fills while writing. */
  private static ObjectNode skeleton(AuditReport report, AuditFormat.Run run) {
    ObjectNode root = Json.object();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode r = root.putArray("runs").addObject();
    ObjectNode driver = r.putObject("tool").putObject("driver");
    driver.put("name", run.tool());
    driver.put("version", run.version());
    driver.put("informationUri", "https://github.com/appreg/appreg/blob/main/docs/audit.md");
    ArrayNode descriptors = driver.putArray("notifications");
    descriptors.addObject().put("id", NOT_EVALUATED).putObject("shortDescription")
        .put("text", "A rule did not run: a part of the tenant it needs could not be read");
    descriptors.addObject().put("id", NOT_READ).putObject("shortDescription")
        .put("text", "A part of the tenant could not be read");
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> index = new HashMap<>();
    for (Rule.Description d : report.rules()) {
      index.put(d.id(), index.size());
      ObjectNode rule = rules.addObject();
      rule.put("id", d.id());
      rule.put("name", pascal(d.id()));
      rule.putObject("shortDescription").put("text", d.title());
      rule.putObject("fullDescription").put("text", d.rationale());
      rule.putObject("help").put("text", "Fix: " + d.fix() + "\nSource: " + d.source())
          .put("markdown", "**Why:** " + d.rationale() + "\n\n**Fix:** " + d.fix() + "\n\n**Source:** " + d.source());
      rule.putObject("defaultConfiguration").put("level", level(d.severity()));
      ObjectNode props = rule.putObject("properties");
      props.putArray("tags").add("security").add("entra-id").add("app-registration");
      props.put("precision", "high");
      props.put("security-severity", securitySeverity(d.severity()));
    }
    invocation(r, report, index);
    r.putArray("results");
    return root;
  }

  /** One result, written field by field (the order GitHub's examples use). */
  private static void result(JsonGenerator g, Finding f, AuditReport report, AuditFormat.Run run, Map<String, Integer> index,
                             Map<String, IntendedRegistration> declared) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", f.rule());
    g.writeNumberField("ruleIndex", index.getOrDefault(f.rule(), -1));
    g.writeStringField("level", level(f.severity()));
    g.writeObjectFieldStart("message");
    g.writeStringField("text", f.subject().label() + ": " + f.evidence());
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    g.writeObjectFieldStart("physicalLocation");
    g.writeObjectFieldStart("artifactLocation");
    g.writeStringField("uri", uri(f, report, run));
    g.writeEndObject();
    IntendedRegistration i = declared.get(f.subject().key());
    if (run.manifest() != null && i != null && i.line() > 0) {
      g.writeObjectFieldStart("region");
      g.writeNumberField("startLine", i.line());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeArrayFieldStart("logicalLocations");
    g.writeStartObject();
    g.writeStringField("name", f.subject().displayName().isEmpty() ? f.subject().kind().id() : f.subject().displayName());
    g.writeStringField("fullyQualifiedName", qualified(f, report));
    g.writeStringField("kind", "object");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField("appregFinding/v1", fingerprint(f));
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    // as a JSON object would have it: a detail of the same name replaces the severity in its place
    g.writeStringField("severity", f.details().getOrDefault("severity", f.severity().id()));
    for (var d : f.details().entrySet()) if (!d.getKey().equals("severity")) g.writeStringField(d.getKey(), d.getValue());
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * The run's one invocation. A rule that could not run is a {@code toolExecutionNotification} ("a runtime condition
   * detected by the tool during the analysis", SARIF 2.1.0 §3.20.21) naming the rule in {@code associatedRule}, at level
   * warning, with the parts Graph refused in its properties; the execution itself still succeeded (§3.20.14), because
   * every other rule ran on complete data.
   */
  private static void invocation(ObjectNode run, AuditReport report, Map<String, Integer> index) {
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", true);
    if (report.notEvaluated().isEmpty() && report.unread().isEmpty()) return;
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    for (NotEvaluated n : report.notEvaluated()) {
      ObjectNode note = notifications.addObject();
      note.putObject("descriptor").put("id", NOT_EVALUATED);
      note.putObject("associatedRule").put("id", n.rule()).put("index", index.getOrDefault(n.rule(), -1));
      note.put("level", "warning");
      note.putObject("message").put("text", n.rule() + " " + n.reason());
      ArrayNode parts = note.putObject("properties").putArray("unread");
      n.because().forEach(u -> parts.add(UnreadJson.of(u)));
    }
    for (Unread u : report.unreadWithoutEffect()) {
      ObjectNode note = notifications.addObject();
      note.putObject("descriptor").put("id", NOT_READ);
      note.put("level", "note");
      note.putObject("message").put("text", u.part().description() + " could not be read (" + u.reason() + "); no rule needs it");
      note.putObject("properties").putArray("unread").add(UnreadJson.of(u));
    }
  }

  static String level(Severity s) {
    return switch (s) {
      case HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /** GitHub maps 7.0-8.9 to high, 4.0-6.9 to medium, 0.1-3.9 to low. */
  private static String securitySeverity(Severity s) {
    return switch (s) {
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "0.1";
    };
  }

  private static String uri(Finding f, AuditReport report, AuditFormat.Run run) {
    if (run.manifest() != null) return relative(run.manifest().toString());
    if (run.snapshot() != null) return relative(run.snapshot().toString());
    return "entra-id/" + tenantSegment(report) + "/" + qualifiedTail(f);
  }

  private static String qualified(Finding f, AuditReport report) {
    return "entra-id/" + tenantSegment(report) + "/" + qualifiedTail(f);
  }

  private static String qualifiedTail(Finding f) {
    return switch (f.subject().kind()) {
      case TENANT -> "tenant";
      case MANIFEST -> "manifest/" + f.subject().key();
      case SERVICE_PRINCIPAL -> "servicePrincipals/" + f.subject().appId();
      case APPLICATION -> "applications/" + f.subject().appId();
    };
  }

  private static String tenantSegment(AuditReport report) {
    return report.tenant().tenantId() == null || report.tenant().tenantId().isBlank() ? "tenant" : report.tenant().tenantId();
  }

  /** Code scanning wants paths relative to the repository; absolute ones become file URIs without spaces. */
  private static String relative(String path) {
    return path.replace('\\', '/').replace(" ", "%20");
  }

  static String fingerprint(Finding f) {
    StringBuilder b = new StringBuilder(f.rule()).append('|').append(f.subject().kind().id()).append('|')
        .append(f.subject().appId()).append('|').append(f.subject().key());
    f.details().forEach((k, v) -> {
      if (!VOLATILE.contains(k)) b.append('|').append(k).append('=').append(v);
    });
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pascal(String id) {
    StringBuilder b = new StringBuilder();
    for (String part : id.split("-")) {
      if (!part.isEmpty()) b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
    }
    return b.toString();
  }
}
