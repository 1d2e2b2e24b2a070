package appreg.cli.render;

import appreg.provisioning.reconcile.ApplyReport;
import appreg.provisioning.reconcile.ApplyReport.Outcome;
import appreg.provisioning.reconcile.ApplyReport.Settings;
import appreg.provisioning.reconcile.ApplyReport.Status;
import appreg.provisioning.secret.Sensitive;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;

/**
 * What apply and bootstrap print: the steps and how they went, the gathered settings, the manual checklist and, for
 * applications made from a built-in profile, how to get the first token.
 */
public final class ApplyOutput {
  private ApplyOutput() {}

  public static void text(PrintWriter out, ApplyReport report, AfterApply after) {
    if (!report.changedAnything() && report.with(Status.FAILED).isEmpty()) {
      out.println("No changes. The tenant already matched the manifest.");
    } else {
      for (Outcome o : report.outcomes()) {
        if (o.note().equals("same action as above")) continue;
        out.println(mark(o.status()) + " " + o.step().action().describe()
            + (o.note().isEmpty() || o.status() == Status.FAILED ? "" : "  (" + Sensitive.scrub(o.note()) + ")"));
      }
      if (!report.with(Status.FAILED).isEmpty()) {
        long notDone = report.with(Status.NOT_ATTEMPTED).stream().map(o -> o.step().action()).distinct().count();
        out.println();
        out.println("Stopped at the failed step" + (notDone == 0 ? "" : "; " + notDone + " later step(s) not attempted")
            + ". Fix the cause and run apply again: it continues from what is in the tenant, without duplicates.");
      }
    }
    for (Settings s : report.settings().values()) {
      out.println();
      out.println("Settings for " + s.key() + ":");
      row(out, "Tenant ID", s.tenantId());
      row(out, "Primary domain", s.primaryDomain());
      row(out, "Client ID", s.clientId());
      row(out, "Application object ID", s.objectId());
      row(out, "Service principal ID", s.servicePrincipalId());
      row(out, "Client secret key ID", s.secretKeyId().isEmpty() ? "(none)" : s.secretKeyId());
      if (s.secretExpiresOn() != null) row(out, "Client secret expires", s.secretExpiresOn().toString());
      row(out, "Client secret delivered to", s.secretDeliveredTo().isEmpty() ? "(no new secret in this run)" : s.secretDeliveredTo());
    }
    List<Outcome> manual = report.with(Status.MANUAL);
    if (!manual.isEmpty() || !after.isEmpty()) {
      out.println();
      out.println("Manual steps (Graph cannot do these):");
      int n = 1;
      for (Outcome o : manual) out.println("  " + n++ + ". " + ((appreg.provisioning.reconcile.Action.ManualStep) o.step().action()).text());
      after.printSteps(out, n);
    }
    after.printTokens(out, report.settings());
  }

  private static String mark(Status s) {
    return switch (s) {
      case DONE -> "done       ";
      case FAILED -> "FAILED     ";
      case NOT_ATTEMPTED -> "not done   ";
      case MANUAL -> "manual     ";
    };
  }

  private static void row(PrintWriter out, String label, String value) {
    out.println("  " + PlanText.pad(label, 28) + value);
  }

  public static ObjectNode json(ApplyReport report, AfterApply after) {
    ObjectNode root = Json.object();
    root.put("changed", report.changedAnything());
    root.put("failed", !report.with(Status.FAILED).isEmpty());
    ArrayNode steps = root.putArray("steps");
    for (Outcome o : report.outcomes()) {
      ObjectNode s = PlanJson.step(o.step());
      s.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      if (!o.note().isEmpty()) s.put("note", Sensitive.scrub(o.note()));
      steps.add(s);
    }
    ArrayNode settings = root.putArray("settings");
    for (Settings s : report.settings().values()) {
      ObjectNode n = settings.addObject();
      n.put("application", s.key());
      n.put("tenantId", s.tenantId());
      n.put("primaryDomain", s.primaryDomain());
      n.put("clientId", s.clientId());
      n.put("objectId", s.objectId());
      n.put("servicePrincipalId", s.servicePrincipalId());
      n.put("secretKeyId", s.secretKeyId());
      n.put("secretExpiresOn", s.secretExpiresOn() == null ? null : s.secretExpiresOn().toString());
      n.put("secretDeliveredTo", s.secretDeliveredTo());
    }
    ArrayNode manual = root.putArray("manualSteps");
    for (Outcome o : report.with(Status.MANUAL)) manual.addObject().put("text", ((appreg.provisioning.reconcile.Action.ManualStep) o.step().action()).text());
    ArrayNode notes = root.putArray("reminders");
    after.jsonSteps(manual, notes);
    after.jsonTokens(root.putArray("firstTokens"), report.settings());
    return root;
  }
}
