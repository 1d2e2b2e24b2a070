package appreg.cli.render;

import appreg.provisioning.reconcile.Plan;
import appreg.provisioning.reconcile.Step;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The contract's plan JSON: {"inSync": bool, "drift": [{"application", "kind", "detail", "action"}]}, and "notes":
 * what the plan saw and leaves alone on purpose (never drift: inSync ignores them).
 */
public final class PlanJson {
  private PlanJson() {}

  public static ObjectNode of(Plan plan) {
    ObjectNode root = Json.object();
    root.put("inSync", plan.inSync());
    ArrayNode drift = root.putArray("drift");
    for (Step s : plan.steps()) drift.add(step(s));
    ArrayNode notes = root.putArray("notes");
    for (Plan.Note n : plan.notes()) notes.addObject().put("application", n.application()).put("text", n.text());
    return root;
  }

  static ObjectNode step(Step s) {
    ObjectNode d = Json.object();
    d.put("application", s.drift().application());
    d.put("kind", s.drift().kind().name());
    d.put("detail", s.drift().detail());
    d.put("action", s.action().describe());
    return d;
  }
}
