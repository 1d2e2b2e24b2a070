package appreg.cli.render;

import appreg.provisioning.reconcile.Action;
import appreg.provisioning.reconcile.Applier;
import appreg.provisioning.reconcile.ApplyReport;
import appreg.provisioning.reconcile.ApplyReport.Outcome;
import appreg.provisioning.reconcile.ApplyReport.Settings;
import appreg.provisioning.reconcile.ApplyReport.Status;
import appreg.provisioning.secret.SecretPrinter;
import appreg.provisioning.secret.Sensitive;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What apply and bootstrap print: the steps and how they went, the gathered settings, the manual checklist and, for
 * applications made from a built-in profile, how to get the first token.
 */
public final class ApplyOutput {
  private ApplyOutput() {}

  /**
   * Prints each step on {@code out} the moment it finishes ("done", "FAILED", "manual"), so a person watches the run
   * and an interrupted run has already shown what it did. {@code stop} is asked before each step whether to stop.
   */
  public static Applier.Listener live(PrintWriter out, BooleanSupplier stop) {
    return live(out, Style.PLAIN, stop);
  }

  /** As {@link #live(PrintWriter, BooleanSupplier)}, the marks coloured: done green, FAILED red, the others yellow. */
  public static Applier.Listener live(PrintWriter out, Style style, BooleanSupplier stop) {
    return new Applier.Listener() {
      @Override
      public void stepFinished(Outcome o) {
        if (o.note().equals("same action as above")) return;
        synchronized (out) {
          out.println(line(o, style));
          out.flush();
        }
      }

      @Override
      public boolean stopRequested() {
        return stop.getAsBoolean();
      }
    };
  }

  static String line(Outcome o) {
    return line(o, Style.PLAIN);
  }

  static String line(Outcome o, Style style) {
    return coloured(style, o.status()) + " " + Untrusted.text(o.step().action().describe())
        + (o.note().isEmpty() || o.status() == Status.FAILED ? "" : "  (" + Untrusted.text(Sensitive.scrub(o.note())) + ")");
  }

  /** What follows the steps once apply is done: "No changes" when there were none, the settings, the manual steps. */
  public static void text(PrintWriter out, ApplyReport report, AfterApply after) {
    if (!report.changedAnything() && report.with(Status.FAILED).isEmpty()) {
      out.println("No changes. The tenant already matched the manifest.");
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
      certificateRows(out, s);
    }
    List<Outcome> manual = report.with(Status.MANUAL);
    if (!manual.isEmpty() || !after.isEmpty()) {
      out.println();
      out.println("Manual steps (Graph cannot do these):");
      int n = 1;
      for (Outcome o : manual) out.println("  " + n++ + ". " + Untrusted.text(((Action.ManualStep) o.step().action()).text()));
      after.printSteps(out, n);
    }
    after.printTokens(out, report.settings());
  }

  /**
   * After a failed or interrupted apply: how many steps were done (each was printed as it finished), then the failed
   * step and every step not done, and how to finish. The same summary whatever stopped the run.
   */
  public static void notDone(PrintWriter out, ApplyReport report, boolean interrupted) {
    notDone(out, report, interrupted, "apply");
  }

  /** As above, for the command that was running ({@code apply}, {@code delete}): it is what to run again. */
  public static void notDone(PrintWriter out, ApplyReport report, boolean interrupted, String command) {
    long done = report.with(Status.DONE).stream().filter(o -> !o.note().equals("same action as above")).count();
    List<Outcome> rest = new ArrayList<>(report.with(Status.FAILED));
    Set<Action> seen = new HashSet<>();
    rest.forEach(o -> seen.add(o.step().action()));
    for (Outcome o : report.with(Status.NOT_ATTEMPTED)) if (seen.add(o.step().action())) rest.add(o);
    out.println("Done: " + done + " step" + (done == 1 ? "" : "s") + ". Not done: " + rest.size() + (rest.isEmpty() ? "." : ":"));
    for (Outcome o : rest) out.println("  " + mark(o.status()) + " " + Untrusted.text(o.step().action().describe()));
    out.println((interrupted ? "Run " + command + " again to finish" : "Fix the cause and run " + command + " again")
        + ": it continues from what is in the tenant, without duplicates.");
  }

  private static String coloured(Style style, Status s) {
    String mark = mark(s);
    String word = mark.strip();
    String padding = mark.substring(word.length());
    return switch (s) {
      case DONE -> style.green(word);
      case FAILED -> style.red(word);
      default -> style.yellow(word);
    } + padding;
  }

  private static String mark(Status s) {
    return switch (s) {
      case DONE -> "done       ";
      case FAILED -> "FAILED     ";
      case NOT_ATTEMPTED -> "not done   ";
      case MANUAL -> "manual     ";
    };
  }

  /** The certificate as Entra shows it, and each federated credential exactly as Entra matches it. */
  private static void certificateRows(PrintWriter out, Settings s) {
    ApplyReport.CertificateSettings c = s.certificate();
    if (c != null) {
      row(out, "Certificate thumbprint", c.sha1Thumbprint() + " (SHA-1)");
      if (!c.sha256Thumbprint().isEmpty()) row(out, "Certificate SHA-256", c.sha256Thumbprint());
      if (c.expiresOn() != null) row(out, "Certificate expires", c.expiresOn().toString());
      if (!c.source().equals("generated")) row(out, "Certificate file", c.source());
      else row(out, "Certificate key delivered to", c.files().isEmpty() ? "(no new certificate in this run)" : c.files());
    }
    for (ApplyReport.FederatedSettings f : s.federatedCredentials()) {
      row(out, "Federated credential", f.name());
      row(out, "  issuer", f.issuer());
      row(out, "  subject", f.subject());
      if (!f.githubRepo().isEmpty()) {
        row(out, "  azure/login inputs", "client-id: " + s.clientId() + ", tenant-id: " + s.tenantId());
      }
    }
  }

  private static void row(PrintWriter out, String label, String value) {
    out.println("  " + PlanText.pad(label, 28) + Untrusted.text(value));
  }

  /** The apply document of a run that did not finish: no checklist, no first tokens, no shown secret. */
  public static ObjectNode json(ApplyReport report) {
    return json(report, new AfterApply(List.of(), null, null), null);
  }

  /**
   * The apply document (docs/schemas/apply.schema.json). {@code shown} (nullable) holds the secrets --show-secret
   * keeps for this document: each goes into its application's settings as {@code clientSecret}, and nowhere else.
   */
  public static ObjectNode json(ApplyReport report, AfterApply after, SecretPrinter shown) {
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
      if (shown != null) shown.shown(s.key()).ifPresent(secret -> n.putPOJO("clientSecret", secret));
      ApplyReport.CertificateSettings c = s.certificate();
      if (c != null) {
        ObjectNode cert = n.putObject("certificate");
        cert.put("keyId", c.keyId());
        cert.put("thumbprint", c.sha1Thumbprint());
        cert.put("thumbprintSha256", c.sha256Thumbprint());
        cert.put("expiresOn", c.expiresOn() == null ? null : c.expiresOn().toString());
        cert.put("source", c.source());
        cert.put("deliveredTo", c.files());
      }
      ArrayNode federated = n.putArray("federatedCredentials");
      for (ApplyReport.FederatedSettings f : s.federatedCredentials()) {
        ObjectNode fic = federated.addObject();
        fic.put("name", f.name());
        fic.put("issuer", f.issuer());
        fic.put("subject", f.subject());
        f.audiences().forEach(fic.putArray("audiences")::add);
        if (!f.githubRepo().isEmpty()) {
          ObjectNode gh = fic.putObject("github");
          gh.put("repo", f.githubRepo());
          gh.put("trusts", f.githubTrust());
          gh.putObject("azureLogin").put("client-id", s.clientId()).put("tenant-id", s.tenantId());
        }
      }
    }
    ArrayNode manual = root.putArray("manualSteps");
    for (Outcome o : report.with(Status.MANUAL)) manual.addObject().put("text", ((Action.ManualStep) o.step().action()).text());
    ArrayNode notes = root.putArray("reminders");
    after.jsonSteps(manual, notes);
    after.jsonTokens(root.putArray("firstTokens"), report.settings());
    return root;
  }
}
