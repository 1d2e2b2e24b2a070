package appreg.cli.render.audit;

import appreg.cli.render.Style;
import appreg.cli.render.Untrusted;
import appreg.provisioning.audit.AuditReport;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.NotEvaluated;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.audit.Subject;
import appreg.provisioning.tenant.Unread;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For a person at a terminal: one header line, the counts, then findings grouped by severity (most severe first) and
 * within it by registration, one line per finding with the rule id and the evidence; last, the rules that did not run
 * because Graph refused a part of the tenant they need, each with Graph's answer.
 */
final class AuditText {
  private AuditText() {}

  /** With colour: high red, medium yellow, "No findings." green; low and info plain. */
  static void print(PrintWriter out, AuditReport report, AuditFormat.Run run, Style style) {
    AuditReport.Tenant t = report.tenant();
    String name = t.displayName() == null || t.displayName().isBlank() ? "tenant" : t.displayName();
    out.printf("Audit of %s%s: %s, %s (%s)%n", Untrusted.text(name),
        t.primaryDomain().isBlank() ? "" : " (" + Untrusted.text(t.primaryDomain()) + ")",
        AuditFormat.count(t.registrations(), "registration"), AuditFormat.count(t.servicePrincipals(), "service principal"),
        Untrusted.text(run.source()));
    Map<Severity, Integer> counts = report.counts();
    List<String> parts = new ArrayList<>();
    for (Severity s : List.of(Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) parts.add(counts.get(s) + " " + s.id());
    boolean failed = run.failOn() != null && report.anyAtOrAbove(run.failOn());
    out.println("Findings: " + String.join(", ", parts)
        + (run.failOn() == null ? "" : failed ? "  (at or above --fail-on " + run.failOn().id() + ": exit 2)" : "  (none at or above --fail-on " + run.failOn().id() + ")"));
    if (!report.notEvaluated().isEmpty()) {
      out.println("Not evaluated: " + report.notEvaluated().size() + " of " + report.rules().size() + " rules ("
          + String.join(", ", report.notEvaluated().stream().map(NotEvaluated::rule).toList()) + "), see the end");
    }
    Severity current = null;
    Subject subject = null;
    for (Finding f : report.findings()) {
      if (f.severity() != current) {
        current = f.severity();
        subject = null;
        out.println();
        out.println(coloured(style, current, current.id().toUpperCase(java.util.Locale.ROOT)) + " (" + counts.get(current) + ")");
      }
      if (!f.subject().equals(subject)) {
        subject = f.subject();
        out.println("  " + Untrusted.text(label(subject)));
      }
      out.println("    " + coloured(style, f.severity(), f.rule()) + pad("", 38 - f.rule().length()) + " " + Untrusted.text(f.evidence()));
    }
    if (report.findings().isEmpty()) {
      out.println();
      out.println(style.green("No findings."));
    }
    if (!report.notEvaluated().isEmpty()) {
      out.println();
      out.println("NOT EVALUATED (" + report.notEvaluated().size() + "): a part of the tenant could not be read; these rules "
          + "did not run (or ran only where it was read, as said), so no finding from them means unknown, not fine");
      for (NotEvaluated n : report.notEvaluated()) {
        for (Unread u : n.because()) {
          out.println("    " + pad(n.rule(), 38) + " " + u.part().description() + " could not be read: " + Untrusted.text(u.reason()));
        }
      }
    }
    if (!report.unreadWithoutEffect().isEmpty()) {
      out.println();
      out.println("Notes:");
      for (Unread u : report.unreadWithoutEffect()) {
        out.println("  - " + u.part().description() + " could not be read: " + Untrusted.text(u.reason()) + "; no rule needs it");
      }
    }
  }

  static String coloured(Style style, Severity severity, String text) {
    return switch (severity) {
      case HIGH -> style.red(text);
      case MEDIUM -> style.yellow(text);
      default -> text;
    };
  }

  static String label(Subject s) {
    String base = s.label();
    return switch (s.kind()) {
      case SERVICE_PRINCIPAL -> base + " [enterprise app, registered elsewhere]";
      case MANIFEST -> base + " [manifest key " + s.key() + "]";
      default -> s.key().isEmpty() ? base : base + " [key " + s.key() + "]";
    };
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
