package appreg.cli.render.audit;

import appreg.provisioning.audit.AuditReport;
import appreg.provisioning.audit.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The audit's output formats and what each needs to know about the run. */
public enum AuditFormat {
  TEXT, JSON, CSV, SARIF, HTML;

  /** Facts about the run that some formats show: where the tenant came from, the manifest, the fail-on level. */
  public record Run(Severity failOn, String source, Path snapshot, Path manifest, String tool, String version) {}

  public static final String NAMES = "text, json, csv, sarif or html";

  /** "1 finding", "12 findings" (unformatted, as scripts grep it). */
  public static String findings(int n) {
    return n + (n == 1 ? " finding" : " findings");
  }

  /** "1 registration", "41 registrations", "1,000 registrations": a count for people. */
  static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AuditFormat parse(String value) {
    for (AuditFormat f : values()) if (f.id().equalsIgnoreCase(value)) return f;
    throw new appreg.provisioning.UsageException("--format " + value + " is not an audit format; use " + NAMES);
  }

  /** Machine formats: nothing but the document goes to their stream, and no progress is shown. */
  public boolean machine() {
    return this == JSON || this == SARIF;
  }

  /** What stdout holds with --format json when the report went to a file: where, and its summary. */
  public static com.fasterxml.jackson.databind.node.ObjectNode written(Path out, AuditReport report, boolean failed) {
    var doc = appreg.cli.render.Json.object().put("wrote", out.toString()).put("format", "json").put("failed", failed);
    doc.set("summary", AuditJson.summary(report));
    var notEvaluated = doc.putArray("notEvaluated");
    report.notEvaluated().forEach(n -> notEvaluated.add(n.rule()));
    return doc;
  }

  public void write(PrintWriter out, AuditReport report, Run run) {
    write(out, report, run, appreg.cli.render.Style.PLAIN);
  }

  /** {@code style} colours text output only. */
  public void write(PrintWriter out, AuditReport report, Run run, appreg.cli.render.Style style) {
    switch (this) {
      case TEXT -> AuditText.print(out, report, run, style);
      case JSON -> AuditJson.print(out, report, run);
      case CSV -> AuditCsv.write(out, report);
      case SARIF -> AuditSarif.print(out, report, run);
      case HTML -> AuditHtml.write(out, report, run);
    }
    out.flush();
  }
}
