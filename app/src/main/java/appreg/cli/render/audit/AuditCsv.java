package appreg.cli.render.audit;

import appreg.cli.render.Untrusted;
import appreg.provisioning.audit.AuditReport;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.NotEvaluated;
import appreg.provisioning.tenant.Unread;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One finding per row, then one row per rule that could not run (kind {@code not-evaluated}, severity empty, the
 * reason as evidence) (RFC 4180: every field quoted, quotes doubled, CRLF line ends, UTF-8). A field that a
 * spreadsheet would read as a formula (starting with {@code = + - @}, a tab or a carriage return) gets a leading
 * apostrophe, so a display name such as {@code =HYPERLINK(...)} stays text (OWASP "CSV injection").
 */
final class AuditCsv {
  private AuditCsv() {}

  static final String NOT_EVALUATED = "not-evaluated";

  static final List<String> HEADER = List.of("severity", "rule", "title", "displayName", "appId", "objectId", "kind", "key",
      "evidence", "details");

  static void write(PrintWriter out, AuditReport report) {
    row(out, HEADER);
    for (Finding f : report.findings()) {
      List<String> details = new ArrayList<>();
      f.details().forEach((k, v) -> details.add(k + "=" + v));
      row(out, List.of(f.severity().id(), f.rule(), f.title(), f.subject().displayName(),
          f.subject().appId() == null ? "" : f.subject().appId().value(),
          f.subject().objectId() == null ? "" : f.subject().objectId().value(), f.subject().kind().id(), f.subject().key(),
          f.evidence(), String.join("; ", details)));
    }
    // CSV has no place for run metadata: a rule that could not run is a row of its own, kind "not-evaluated", no severity
    for (NotEvaluated n : report.notEvaluated()) {
      List<String> details = new ArrayList<>();
      for (Unread u : n.because()) {
        details.add("part=" + u.part().id());
        if (u.status() > 0) details.add("status=" + u.status());
        if (!u.code().isEmpty()) details.add("code=" + u.code());
        if (!u.requestId().isEmpty()) details.add("requestId=" + u.requestId());
      }
      row(out, List.of("", n.rule(), n.title(), "", "", "", NOT_EVALUATED, "", n.reason(), String.join("; ", details)));
    }
  }

  private static void row(PrintWriter out, List<String> fields) {
    List<String> cells = new ArrayList<>();
    for (String f : fields) cells.add(cell(f));
    out.print(String.join(",", cells));
    out.print("\r\n");
  }

  /** Control characters are shown escaped as on a terminal (a CSV is often read with cat), then formulas defused. */
  static String cell(String value) {
    String v = value == null ? "" : Untrusted.text(value);
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }
}
