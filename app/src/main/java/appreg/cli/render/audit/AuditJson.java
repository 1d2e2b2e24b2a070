package appreg.cli.render.audit;

import appreg.cli.render.Json;
import appreg.cli.render.UnreadJson;
import appreg.provisioning.audit.AuditReport;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.NotEvaluated;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The stable JSON document (docs/audit.md, "JSON output"): counts, then findings with {@code rule}, {@code severity},
 * the registration, the evidence sentence and its structured details, the rules that could not run ({@code notEvaluated},
 * each with the parts Graph refused and its answer), what could not be read ({@code unread}), then the rules. Fields are only ever
 * added, never renamed; {@code schemaVersion} changes if that promise has to be broken.
 */
final class AuditJson {
  private AuditJson() {}

  /** Streams the document: the findings are written one at a time, straight to the generator. */
  static void print(PrintWriter out, AuditReport report, AuditFormat.Run run) {
    ObjectNode root = skeleton(report, run);
    Json.print(out, root, (ArrayNode) root.get("findings"), report.findings(), AuditJson::finding);
  }

  /** The document with an empty {@code findings} array, which {@link #print} fills while writing. */
  private static ObjectNode skeleton(AuditReport report, AuditFormat.Run run) {
    ObjectNode root = Json.object();
    root.put("schemaVersion", 1);
    root.put("generator", run.tool() + " " + run.version());
    root.put("generatedAt", report.generatedAt().toString());
    ObjectNode source = root.putObject("source");
    source.put("kind", run.snapshot() == null ? "tenant" : "snapshot");
    if (run.snapshot() != null) source.put("snapshot", run.snapshot().toString());
    if (run.manifest() != null) source.put("manifest", run.manifest().toString());
    AuditReport.Tenant t = report.tenant();
    root.putObject("tenant").put("id", t.tenantId()).put("displayName", t.displayName()).put("domain", t.primaryDomain())
        .put("registrations", t.registrations()).put("servicePrincipals", t.servicePrincipals()).put("grants", t.grants())
        .put("appRoleAssignments", t.appRoleAssignments()).put("roleAssignments", t.roleAssignments());
    if (run.failOn() != null) root.put("failOn", run.failOn().id());
    root.put("failed", run.failOn() != null && report.anyAtOrAbove(run.failOn()));
    root.set("summary", summary(report));
    root.putArray("findings");
    var notEvaluated = root.putArray("notEvaluated");
    for (NotEvaluated n : report.notEvaluated()) {
      ObjectNode o = notEvaluated.addObject().put("rule", n.rule()).put("title", n.title()).put("reason", n.reason());
      var because = o.putArray("because");
      n.because().forEach(u -> because.add(UnreadJson.of(u)));
    }
    var unread = root.putArray("unread");
    report.unread().forEach(u -> unread.add(UnreadJson.of(u)));
    var notes = root.putArray("notes");
    report.notes().forEach(notes::add);
    var rules = root.putArray("rules");
    for (Rule.Description d : report.rules()) {
      rules.addObject().put("id", d.id()).put("severity", d.severity().id()).put("title", d.title())
          .put("rationale", d.rationale()).put("fix", d.fix()).put("source", d.source());
    }
    return root;
  }

  static ObjectNode summary(AuditReport report) {
    ObjectNode summary = Json.object();
    for (Severity s : List.of(Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) summary.put(s.id(), report.counts().get(s));
    summary.put("total", report.findings().size());
    return summary;
  }

  /** One finding, written field by field in the order docs/audit.md shows. */
  static void finding(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeStringField("rule", f.rule());
    g.writeStringField("severity", f.severity().id());
    g.writeStringField("title", f.title());
    g.writeObjectFieldStart("registration");
    g.writeStringField("kind", f.subject().kind().id());
    g.writeStringField("displayName", f.subject().displayName());
    g.writeStringField("appId", f.subject().appId() == null ? null : f.subject().appId().value());
    g.writeStringField("objectId", f.subject().objectId() == null ? null : f.subject().objectId().value());
    g.writeStringField("key", f.subject().key().isEmpty() ? null : f.subject().key());
    g.writeEndObject();
    g.writeStringField("evidence", f.evidence());
    g.writeObjectFieldStart("details");
    for (var d : f.details().entrySet()) g.writeStringField(d.getKey(), d.getValue());
    g.writeEndObject();
    g.writeEndObject();
  }
}
