package appreg.provisioning.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What apply did: each step done, failed or not attempted, and the settings gathered per application. */
public record ApplyReport(List<Outcome> outcomes, Map<String, Settings> settings) {
  public ApplyReport {
    outcomes = List.copyOf(outcomes);
    settings = Map.copyOf(settings);
  }

  public enum Status { DONE, FAILED, NOT_ATTEMPTED, MANUAL }

  public record Outcome(Step step, Status status, String note) {}

  /**
   * What a person copies into Partner Center or a pipeline: never the secret itself. {@code secretDeliveredTo} is
   * empty when no secret was issued by this run.
   */
  public record Settings(String key, String tenantId, String primaryDomain, String clientId, String objectId,
                         String servicePrincipalId, String secretKeyId, Instant secretExpiresOn, String secretDeliveredTo) {}

  public boolean changedAnything() {
    return outcomes.stream().anyMatch(o -> o.status() == Status.DONE);
  }

  public List<Outcome> with(Status status) {
    List<Outcome> out = new ArrayList<>();
    for (Outcome o : outcomes) if (o.status() == status) out.add(o);
    return out;
  }
}
