package appreg.cli.render.audit;

import appreg.cli.render.Untrusted;
import appreg.provisioning.audit.AuditReport;
import appreg.provisioning.audit.ExpiryCalendar;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.NotEvaluated;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Unread;
import java.io.PrintWriter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained page: no external stylesheet, script, font or image (a Content-Security-Policy forbids them), so
 * it can be mailed or archived as is. A summary by severity, an inline SVG chart of credential expiry over the coming
 * months, and the findings in a table that sorts on a click (a few lines of inline script). Every value from the
 * tenant goes through {@link #esc}: display names are attacker-controlled text.
 */
final class AuditHtml {
  private AuditHtml() {}

  private static final Map<Severity, String> COLOR = Map.of(Severity.HIGH, "#b3261e", Severity.MEDIUM, "#c77700",
      Severity.LOW, "#2f6fb3", Severity.INFO, "#5f6b7a");

  static void write(PrintWriter out, AuditReport report, AuditFormat.Run run) {
    AuditReport.Tenant t = report.tenant();
    String name = t.displayName() == null || t.displayName().isBlank() ? "tenant" : t.displayName();
    out.println("<!DOCTYPE html>");
    out.println("<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.println("<meta name=\"generator\" content=\"" + esc(run.tool() + " " + run.version()) + "\">");
    out.println("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">");
    out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.println("<title>appreg audit: " + esc(name) + "</title>");
    out.println("<style>" + CSS + "</style></head><body>");
    out.println("<header><h1>App registration audit: " + esc(name) + "</h1>");
    out.println("<p class=\"meta\">" + esc(t.primaryDomain()) + (t.tenantId().isBlank() ? "" : " &middot; tenant " + esc(t.tenantId()))
        + " &middot; " + AuditFormat.count(t.registrations(), "registration") + ", "
        + AuditFormat.count(t.servicePrincipals(), "service principal") + " &middot; " + esc(run.source())
        + " &middot; generated " + esc(report.generatedAt().toString()) + " by " + esc(run.tool() + " " + run.version()) + "</p></header>");

    out.println("<section id=\"summary\" aria-label=\"Findings by severity\">");
    Map<Severity, Integer> counts = report.counts();
    for (Severity s : List.of(Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
      out.println("<div class=\"card\" data-severity=\"" + s.id() + "\" style=\"border-top-color:" + COLOR.get(s) + "\"><span class=\"n\">"
          + counts.get(s) + "</span><span class=\"l\">" + s.id() + "</span></div>");
    }
    boolean failed = run.failOn() != null && report.anyAtOrAbove(run.failOn());
    if (run.failOn() != null) {
      out.println("<p class=\"verdict " + (failed ? "fail" : "pass") + "\">" + (failed
          ? "Findings at or above " + esc(run.failOn().id()) + ": the audit fails (exit 2)."
          : "No findings at or above " + esc(run.failOn().id()) + ".") + "</p>");
    }
    if (!report.notEvaluated().isEmpty()) {
      out.println("<p class=\"verdict partial\"><a href=\"#not-evaluated\">" + report.notEvaluated().size() + " of "
          + report.rules().size() + " rules not evaluated</a>: a part of the tenant could not be read.</p>");
    }
    out.println("</section>");

    out.println("<section><h2>Credential expiry, next " + report.expiries().months().size() + " months</h2>");
    chart(out, report.expiries());
    out.println("</section>");

    out.println("<section><h2>Findings (" + report.findings().size() + ")</h2>");
    out.println("<p><input id=\"filter\" type=\"search\" placeholder=\"Filter findings\" aria-label=\"Filter findings\"> "
        + "<span class=\"hint\">Click a column heading to sort.</span></p>");
    out.println("<table id=\"findings\"><thead><tr><th data-type=\"num\">Severity</th><th>Rule</th><th>Registration</th>"
        + "<th>App ID</th><th>Evidence</th></tr></thead><tbody>");
    for (Finding f : report.findings()) {
      out.println("<tr><td data-sort=\"" + f.severity().ordinal() + "\"><span class=\"sev\" style=\"background:" + COLOR.get(f.severity())
          + "\">" + f.severity().id() + "</span></td><td><code>" + esc(f.rule()) + "</code></td><td>" + esc(name(f.subject()))
          + "</td><td><code>" + esc(f.subject().appId() == null ? "" : f.subject().appId().value()) + "</code></td><td>"
          + esc(f.evidence()) + "</td></tr>");
    }
    out.println("</tbody></table>");
    if (report.findings().isEmpty()) out.println("<p>No findings.</p>");
    out.println("</section>");

    if (!report.notEvaluated().isEmpty()) {
      out.println("<section id=\"not-evaluated\"><h2>Not evaluated (" + report.notEvaluated().size() + ")</h2>");
      out.println("<p>These rules did not run (or ran only where it was read, as said) because a part of the tenant they "
          + "need could not be read: no finding from them means unknown, not fine.</p>");
      out.println("<table id=\"not-evaluated-rules\"><thead><tr><th>Rule</th><th>Title</th><th>Why</th></tr></thead><tbody>");
      for (NotEvaluated n : report.notEvaluated()) {
        List<String> why = new ArrayList<>();
        for (Unread u : n.because()) why.add(esc(u.part().description() + " could not be read: " + u.reason()));
        out.println("<tr data-rule=\"" + esc(n.rule()) + "\"><td><code>" + esc(n.rule()) + "</code></td><td>" + esc(n.title())
            + "</td><td>" + String.join("<br>", why) + "</td></tr>");
      }
      out.println("</tbody></table></section>");
    }
    if (!report.unreadWithoutEffect().isEmpty()) {
      out.println("<section><h2>Notes</h2><ul>");
      for (Unread u : report.unreadWithoutEffect()) {
        out.println("<li>" + esc(u.part().description() + " could not be read: " + u.reason() + "; no rule needs it") + "</li>");
      }
      out.println("</ul></section>");
    }
    out.println("<section><h2>Rules</h2><details><summary>" + report.rules().size() + " rules ran</summary><dl>");
    for (Rule.Description d : report.rules()) {
      out.println("<dt><code>" + esc(d.id()) + "</code> (" + d.severity().id() + "): " + esc(d.title()) + "</dt><dd>"
          + esc(d.rationale()) + "<br><b>Fix:</b> " + esc(d.fix()) + "<br><b>Source:</b> " + esc(d.source()) + "</dd>");
    }
    out.println("</dl></details></section>");
    out.println("<script>" + SCRIPT + "</script>");
    out.println("</body></html>");
  }

  /** Stacked bars: already expired, then one bar per month (secrets and certificates), with counts above each bar. */
  static void chart(PrintWriter out, ExpiryCalendar cal) {
    List<String> labels = new ArrayList<>();
    List<int[]> values = new ArrayList<>();
    labels.add("expired");
    values.add(new int[] {cal.expired(), 0});
    for (ExpiryCalendar.Month m : cal.months()) {
      labels.add(m.month().getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + (m.month().getYear() % 100));
      values.add(new int[] {m.secrets(), m.certificates()});
    }
    int max = 1;
    for (int[] v : values) max = Math.max(max, v[0] + v[1]);
    int barW = 36;
    int gap = 14;
    int h = 180;
    int left = 40;
    int top = 20;
    int width = left + values.size() * (barW + gap) + 10;
    out.println("<svg id=\"expiry-chart\" role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 " + width + " " + (h + top + 50)
        + "\" width=\"" + width + "\" height=\"" + (h + top + 50) + "\" xmlns=\"http://www.w3.org/2000/svg\">");
    out.println("<title id=\"chart-title\">Registration credentials by month of expiry</title>");
    out.println("<line x1=\"" + left + "\" y1=\"" + (top + h) + "\" x2=\"" + (width - 5) + "\" y2=\"" + (top + h) + "\" stroke=\"#999\"/>");
    for (int i = 0; i < values.size(); i++) {
      int x = left + i * (barW + gap);
      int secrets = values.get(i)[0];
      int certs = values.get(i)[1];
      int hs = Math.round((float) secrets * h / max);
      int hc = Math.round((float) certs * h / max);
      String secretColor = i == 0 ? COLOR.get(Severity.HIGH) : "#c77700";
      out.println("<g class=\"bar\" data-month=\"" + esc(labels.get(i)) + "\" data-count=\"" + (secrets + certs) + "\">"
          + "<title>" + esc(labels.get(i)) + ": " + secrets + (i == 0 ? " expired" : " secrets, " + certs + " certificates") + "</title>"
          + "<rect x=\"" + x + "\" y=\"" + (top + h - hs) + "\" width=\"" + barW + "\" height=\"" + hs + "\" fill=\"" + secretColor + "\"/>"
          + "<rect x=\"" + x + "\" y=\"" + (top + h - hs - hc) + "\" width=\"" + barW + "\" height=\"" + hc + "\" fill=\"#2f6fb3\"/>"
          + "<text x=\"" + (x + barW / 2) + "\" y=\"" + (top + h - hs - hc - 4) + "\" text-anchor=\"middle\" font-size=\"11\">" + (secrets + certs) + "</text>"
          + "<text x=\"" + (x + barW / 2) + "\" y=\"" + (top + h + 16) + "\" text-anchor=\"middle\" font-size=\"11\">" + esc(labels.get(i)) + "</text></g>");
    }
    int ly = top + h + 38;
    out.println("<rect x=\"" + left + "\" y=\"" + (ly - 9) + "\" width=\"10\" height=\"10\" fill=\"#c77700\"/><text x=\"" + (left + 14) + "\" y=\"" + ly
        + "\" font-size=\"11\">client secrets</text><rect x=\"" + (left + 110) + "\" y=\"" + (ly - 9) + "\" width=\"10\" height=\"10\" fill=\"#2f6fb3\"/><text x=\""
        + (left + 124) + "\" y=\"" + ly + "\" font-size=\"11\">certificates</text><text x=\"" + (left + 220) + "\" y=\"" + ly + "\" font-size=\"11\">later: "
        + cal.later() + ", never: " + cal.never() + "</text>");
    out.println("</svg>");
  }

  /** The registration column: the name, and the manifest key or "enterprise app" marker; the appId has its own column. */
  private static String name(appreg.provisioning.audit.Subject s) {
    String base = s.displayName().isEmpty() ? "(no display name)" : s.displayName();
    return switch (s.kind()) {
      case SERVICE_PRINCIPAL -> base + " [enterprise app, registered elsewhere]";
      case MANIFEST -> base + " [manifest key " + s.key() + "]";
      default -> s.key().isEmpty() ? base : base + " [key " + s.key() + "]";
    };
  }

  /**
   * HTML-escapes text for element content and double-quoted attributes. Control characters are first shown escaped
   * as on a terminal: HTML has no safe way to carry them (a C1 character reference even turns into another letter),
   * and a bidirectional override would reorder the page's text.
   */
  static String esc(String raw) {
    if (raw == null) return "";
    String s = Untrusted.text(raw);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1d1d1f;background:#fafafa}",
      "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}.meta{color:#555;margin:0}",
      "#summary{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin-top:18px}",
      ".card{background:#fff;border:1px solid #ddd;border-top:5px solid;border-radius:6px;padding:10px 18px;min-width:90px;text-align:center}",
      ".card .n{display:block;font-size:26px;font-weight:600}.card .l{text-transform:uppercase;font-size:12px;color:#555}",
      ".verdict{font-weight:600;margin-left:12px}.verdict.fail{color:#b3261e}.verdict.pass{color:#1e7d32}.verdict.partial a{color:#c77700}",
      "table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}",
      "th,td{border-bottom:1px solid #e4e4e4;padding:6px 8px;text-align:left;vertical-align:top}",
      "th{background:#f0f0f0;cursor:pointer;user-select:none;position:sticky;top:0}th.asc::after{content:' \\25B2'}th.desc::after{content:' \\25BC'}",
      ".sev{color:#fff;border-radius:3px;padding:1px 6px;font-size:11px;text-transform:uppercase}",
      "code{font-size:12px}.hint{color:#777;font-size:12px}#filter{padding:4px 8px;width:280px}",
      "svg text{fill:#333;font-family:inherit}dd{margin:0 0 10px 16px;color:#444}");

  private static final String SCRIPT = String.join("\n",
      "(function(){",
      "var table=document.getElementById('findings');var body=table.tBodies[0];",
      "var heads=table.tHead.rows[0].cells;",
      "function key(row,i){var c=row.cells[i];return c.hasAttribute('data-sort')?Number(c.getAttribute('data-sort')):c.textContent.toLowerCase();}",
      "for(var i=0;i<heads.length;i++){(function(i){heads[i].addEventListener('click',function(){",
      " var asc=!heads[i].classList.contains('asc');",
      " for(var j=0;j<heads.length;j++){heads[j].classList.remove('asc','desc');}",
      " heads[i].classList.add(asc?'asc':'desc');",
      " var rows=Array.prototype.slice.call(body.rows);",
      " rows.sort(function(a,b){var x=key(a,i),y=key(b,i);return (x<y?-1:x>y?1:0)*(asc?1:-1);});",
      " rows.forEach(function(r){body.appendChild(r);});",
      "});})(i);}",
      "var filter=document.getElementById('filter');",
      "filter.addEventListener('input',function(){var q=filter.value.toLowerCase();",
      " Array.prototype.forEach.call(body.rows,function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});});",
      "document.body.setAttribute('data-ready','yes');",
      "})();");
}
