package appreg.cli.render.audit;

import appreg.cli.render.Json;
import appreg.cli.render.JsonBytes;
import appreg.cli.render.UnreadJson;
import appreg.provisioning.audit.AuditReport;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Findings;
import appreg.provisioning.audit.NotEvaluated;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.audit.Subject;
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

  /**
   * Streams the document: the findings are written one at a time, the first straight to the generator, the rest as
   * the bytes it would write ({@link #findings}), a block at a time.
   */
  static void print(PrintWriter out, AuditReport report, AuditFormat.Run run) {
    print(out, report, run, true);
  }

  /** {@code asBytes} false: every finding through the generator, as the bytes written otherwise must read. */
  static void print(PrintWriter out, AuditReport report, AuditFormat.Run run, boolean asBytes) {
    ObjectNode root = skeleton(report, run);
    Findings findings = report.findings();
    Json.print(out, root, (ArrayNode) root.get("findings"), findings, AuditJson::finding,
        asBytes ? (from, to, nesting, bytes) -> findings(findings, from, to, nesting, bytes) : null);
  }

  /**
   * Findings {@code from} to {@code to}, each after an earlier one, as {@link #finding} writes them through the
   * pretty generator at {@code nesting} (inside the array), but straight from the stored findings to UTF-8: no
   * finding, map or string is built for them.
   */
  static void findings(Findings findings, int from, int to, int nesting, JsonBytes out) {
    Findings.Cursor f = findings.cursor();
    int in = nesting + 1;
    for (int i = from; i < to; i++) {
      f.at(i);
      Subject s = f.subject();
      out.ascii(", {");
      out.indent(in).name("rule").string(f.rule()).put(',');
      out.indent(in).name("severity").string(f.severity().id()).put(',');
      out.indent(in).name("title").string(f.title()).put(',');
      out.indent(in).name("registration").put('{');
      out.indent(in + 1).name("kind").string(s.kind().id()).put(',');
      out.indent(in + 1).name("displayName").string(s.displayName()).put(',');
      out.indent(in + 1).name("appId").string(s.appId() == null ? null : s.appId().value()).put(',');
      out.indent(in + 1).name("objectId").string(s.objectId() == null ? null : s.objectId().value()).put(',');
      out.indent(in + 1).name("key").string(s.key().isEmpty() ? null : s.key());
      out.indent(in).put('}').put(',');
      out.indent(in).name("evidence").string(f.bytes(), f.evidenceAt(), f.evidenceLength()).put(',');
      out.indent(in).name("details").put('{');
      for (int d = 0; d < f.details(); d++) {
        if (d > 0) out.put(',');
        out.indent(in + 1).name(f.name(d)).string(f.bytes(), f.valueAt(d), f.valueLength(d));
      }
      if (f.details() == 0) out.put(' ');
      else out.indent(in);
      out.put('}');
      out.indent(nesting).put('}');
    }
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
