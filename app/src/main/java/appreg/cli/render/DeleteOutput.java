package appreg.cli.render;

import appreg.provisioning.reconcile.Action;
import appreg.provisioning.reconcile.ApplyReport;
import appreg.provisioning.reconcile.ApplyReport.Outcome;
import appreg.provisioning.reconcile.ApplyReport.Status;
import appreg.provisioning.reconcile.Plan;
import appreg.provisioning.reconcile.Step;
import appreg.provisioning.secret.Sensitive;
import appreg.provisioning.tenant.Organization;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What delete prints: the destroy plan before anything is removed (terraform's "plan -destroy": every line a '-'),
 * then the steps as apply prints them, and the JSON document of docs/schemas/delete.schema.json.
 */
public final class DeleteOutput {
  private DeleteOutput() {}

  /** The preview: per key, each thing to remove and why it is there. */
  public static void plan(PrintWriter out, Organization org, Plan plan, boolean purge, Style style) {
    out.println("Tenant " + Untrusted.text(org.displayName() + " (" + org.tenantId() + ", " + org.primaryDomain() + ")"));
    out.println();
    if (plan.writes().isEmpty() && plan.steps().isEmpty()) {
      out.println(style.green("Nothing to delete.") + " No registration has these keys as its uniqueName"
          + (purge ? ", and none is left in deleted items." : "."));
      return;
    }
    Map<String, List<Step>> byApp = new LinkedHashMap<>();
    for (Step s : plan.steps()) byApp.computeIfAbsent(s.drift().application(), k -> new java.util.ArrayList<>()).add(s);
    for (var e : byApp.entrySet()) {
      out.println(e.getKey());
      for (Step s : e.getValue()) {
        char mark = PlanText.symbol(s.action());
        out.println("  " + PlanText.coloured(style, mark, String.valueOf(mark)) + " "
            + Untrusted.text(s.action().describe()));
        out.println("      " + Untrusted.text(s.drift().detail()));
      }
      out.println();
    }
    long removals = plan.writes().stream().map(Step::action).distinct().count();
    long manual = plan.steps().size() - plan.writes().size();
    out.println(style.bold("Delete: " + removals + " to remove" + (manual == 0 ? "." : ", " + manual + " left to you.")));
    if (!purge && plan.writes().stream().anyMatch(s -> s.action() instanceof Action.DeleteRegistration)) {
      out.println("Deleted registrations and service principals stay restorable for 30 days in deleted items; "
          + "--purge removes them for good.");
    }
  }

  /** After the steps: how many were done, and what stays restorable. */
  public static void text(PrintWriter out, ApplyReport report, boolean purge) {
    long done = report.with(Status.DONE).stream().map(o -> o.step().action()).distinct().count();
    if (done == 0) {
      out.println("Nothing deleted: nothing carries these keys.");
      return;
    }
    out.println();
    out.println("Deleted: " + done + " step" + (done == 1 ? "" : "s") + " done.");
    boolean softDeleted = report.with(Status.DONE).stream().anyMatch(o -> o.step().action() instanceof Action.DeleteRegistration);
    if (softDeleted && !purge) {
      out.println("The registrations can be restored for 30 days (Entra admin center, App registrations, Deleted "
          + "applications); run delete again with --purge to remove them for good.");
    }
  }

  /** The delete document (docs/schemas/delete.schema.json); also the report of a failed delete's error document. */
  public static ObjectNode json(ApplyReport report, boolean purge) {
    ObjectNode root = Json.object();
    root.put("deleted", report.changedAnything());
    root.put("failed", !report.with(Status.FAILED).isEmpty());
    root.put("purge", purge);
    ArrayNode steps = root.putArray("steps");
    for (Outcome o : report.outcomes()) {
      ObjectNode s = steps.addObject();
      s.put("application", o.step().drift().application());
      s.put("detail", o.step().drift().detail());
      s.put("action", o.step().action().describe());
      s.put("status", o.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      if (!o.note().isEmpty()) s.put("note", Sensitive.scrub(o.note()));
    }
    return root;
  }

  /** A plan that was not run (declined, or nothing to do) as a report: every step not attempted. */
  public static ApplyReport notRun(Plan plan) {
    return new ApplyReport(plan.steps().stream().map(s -> new Outcome(s,
        s.action() instanceof Action.ManualStep ? Status.MANUAL : Status.NOT_ATTEMPTED, "")).toList(), Map.of());
  }
}
