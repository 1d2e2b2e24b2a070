package appreg.cli.render;

import appreg.provisioning.reconcile.Action;
import appreg.provisioning.reconcile.Plan;
import appreg.provisioning.reconcile.Step;
import appreg.provisioning.tenant.Organization;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plan output for people, in the spirit of terraform plan: one line per drift with +, ~, - or !, then a summary. */
public final class PlanText {
  private PlanText() {}

  public static char symbol(Action a) {
    if (a instanceof Action.ManualStep) return '!';
    if (a instanceof Action.RevokeAdminConsent || a instanceof Action.RevokeAppRole || a instanceof Action.RevokeSecret
        || a instanceof Action.RemoveRoleAssignment || a instanceof Action.DeleteServicePrincipal
        || a instanceof Action.DeleteSecretFile || a instanceof Action.DeleteRegistration
        || a instanceof Action.PurgeDeleted || a instanceof Action.RemoveCertificate) return '-';
    if (a instanceof Action.UpdateRegistration || a instanceof Action.AdoptRegistration
        || a instanceof Action.UpdateFederatedCredential) return '~';
    if (a instanceof Action.GrantAdminConsent g && g.existingGrantId() != null) return '~';
    return '+';
  }

  public static void print(PrintWriter out, Organization org, Plan plan) {
    print(out, org, plan, Style.PLAIN);
  }

  /** With colour, as terraform does: + green, ~ yellow, - red, ! (manual) yellow; "No changes." green. */
  public static void print(PrintWriter out, Organization org, Plan plan, Style style) {
    out.println("Tenant " + Untrusted.text(org.displayName() + " (" + org.tenantId() + ", " + org.primaryDomain() + ")"));
    out.println();
    if (plan.inSync()) {
      out.println(style.green("No changes.") + " The tenant matches the manifest.");
      notes(out, plan);
      return;
    }
    Map<String, java.util.List<Step>> byApp = new LinkedHashMap<>();
    for (Step s : plan.steps()) byApp.computeIfAbsent(s.drift().application(), k -> new java.util.ArrayList<>()).add(s);
    for (var e : byApp.entrySet()) {
      out.println(e.getKey());
      Action previous = null;
      for (Step s : e.getValue()) {
        String kind = s.drift().kind().name();
        out.println("  " + coloured(style, symbol(s.action()), symbol(s.action()) + " " + kind)
            + pad("", 24 - kind.length()) + Untrusted.text(s.drift().detail()));
        out.println("    " + pad("", 24) + "-> " + (s.action().equals(previous) ? "(same action as above)" : Untrusted.text(s.action().describe())));
        previous = s.action();
      }
      out.println();
    }
    out.println(style.bold(summary(plan.steps())));
    notes(out, plan);
  }

  /** What appreg saw and leaves alone on purpose. */
  private static void notes(PrintWriter out, Plan plan) {
    if (plan.notes().isEmpty()) return;
    out.println();
    for (Plan.Note n : plan.notes()) out.println("note: " + Untrusted.text(n.application() + ": " + n.text()));
  }

  static String coloured(Style style, char symbol, String text) {
    return switch (symbol) {
      case '+' -> style.green(text);
      case '-' -> style.red(text);
      default -> style.yellow(text);
    };
  }

  /** "Plan: 4 to add, 1 to change, 0 to remove, 1 manual step." counting distinct actions. */
  public static String summary(List<Step> steps) {
    Set<Action> distinct = new LinkedHashSet<>();
    steps.forEach(s -> distinct.add(s.action()));
    int add = 0, change = 0, remove = 0, manual = 0;
    for (Action a : distinct) {
      switch (symbol(a)) {
        case '+' -> add++;
        case '~' -> change++;
        case '-' -> remove++;
        default -> manual++;
      }
    }
    return "Plan: " + add + " to add, " + change + " to change, " + remove + " to remove"
        + (manual == 0 ? "." : ", " + manual + " manual step" + (manual == 1 ? "" : "s") + ".");
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}
