package appreg.provisioning.reconcile;

import appreg.provisioning.desired.DesiredState;
import appreg.provisioning.desired.Resolver.ApiMatch;
import appreg.provisioning.tenant.ObservedTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Pairs each drift with its action in a fixed order: registration, resource service principals, permissions, service
 * principal and owners, consent, secret, certificate, federated credentials, roles. Pure.
 */
public final class Planner {
  private Planner() {}

  private static final Map<DriftKind, Integer> ORDER = Map.ofEntries(
      Map.entry(DriftKind.APP_MISSING, 0), Map.entry(DriftKind.APP_DUPLICATE, 0), Map.entry(DriftKind.PROPERTY_MISMATCH, 0),
      Map.entry(DriftKind.RESOURCE_SP_MISSING, 1),
      Map.entry(DriftKind.PERMISSION_MISSING, 2), Map.entry(DriftKind.PERMISSION_EXTRA, 2),
      Map.entry(DriftKind.SP_MISSING, 3), Map.entry(DriftKind.OWNER_MISSING, 3),
      Map.entry(DriftKind.CONSENT_MISSING, 4), Map.entry(DriftKind.CONSENT_EXTRA, 4),
      Map.entry(DriftKind.SECRET_MISSING, 5), Map.entry(DriftKind.SECRET_EXPIRING, 5), Map.entry(DriftKind.SECRET_EXPIRED, 5),
      Map.entry(DriftKind.CERTIFICATE_MISSING, 5), Map.entry(DriftKind.CERTIFICATE_EXPIRING, 5),
      Map.entry(DriftKind.CERTIFICATE_EXPIRED, 5),
      Map.entry(DriftKind.FEDERATED_CREDENTIAL_MISSING, 5), Map.entry(DriftKind.FEDERATED_CREDENTIAL_MISMATCH, 5),
      Map.entry(DriftKind.ROLE_ASSIGNMENT_MISSING, 6));

  public static Plan plan(DesiredState desired, ObservedTenant tenant, List<ApiMatch> missingApis, Instant now,
                          Differ.SecretLedger ledger) {
    List<Step> steps = new ArrayList<>();
    for (ApiMatch api : missingApis) {
      String key = firstUser(desired, api);
      steps.add(new Step(new Drift(key, DriftKind.RESOURCE_SP_MISSING, api.name() + " (" + api.appId()
          + ") has no service principal in this tenant"), new Action.CreateServicePrincipal(key, api.appId(), api.name())));
    }
    steps.addAll(Differ.diff(desired, tenant, now, ledger));
    List<Step> sorted = new ArrayList<>(steps);
    sorted.sort(Comparator.comparingInt(s -> ORDER.get(s.drift().kind())));
    return new Plan(sorted, Differ.notes(desired, tenant));
  }

  private static String firstUser(DesiredState desired, ApiMatch api) {
    for (var app : desired.applications()) {
      if (app.apis().stream().anyMatch(a -> a.appId().equals(api.appId()))) return app.key();
    }
    return desired.applications().stream().map(DesiredState.DesiredApplication::key).findFirst().orElse("");
  }
}
