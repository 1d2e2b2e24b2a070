package appreg.provisioning.reconcile;

import appreg.provisioning.manifest.FederatedCredentialSpec;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.Registration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registration's federated identity credentials against the manifest's, matched by name (Graph's alternate key). A
 * missing one is added; one whose issuer, subject or audiences (or a declared description) differ is patched by name.
 * Two cases Graph would refuse become manual steps instead of failed writes: an issuer and subject pair another
 * credential already holds (unique per application), and a 21st credential (20 per application).
 */
final class FederatedDiff {
  private final String key;
  private final List<FederatedCredentialSpec> specs;
  private final Optional<Registration> reg;
  private final List<Step> steps;

  FederatedDiff(String key, List<FederatedCredentialSpec> specs, Optional<Registration> reg, List<Step> steps) {
    this.key = key;
    this.specs = specs;
    this.reg = reg;
    this.steps = steps;
  }

  void run() {
    List<FederatedCredential> existing = reg.map(Registration::federatedCredentials).orElse(List.of());
    Map<String, FederatedCredential> byName = new HashMap<>();
    existing.forEach(f -> byName.put(f.name().toLowerCase(Locale.ROOT), f));
    int free = FederatedCredentialSpec.MAX_PER_APPLICATION - existing.size();
    for (FederatedCredentialSpec spec : specs) {
      FederatedCredential have = byName.get(spec.name().toLowerCase(Locale.ROOT));
      Optional<FederatedCredential> clash = existing.stream()
          .filter(f -> f != have && f.issuer().equals(spec.issuer()) && f.subject().equals(spec.subject())).findFirst();
      if (have == null) {
        Drift drift = drift(DriftKind.FEDERATED_CREDENTIAL_MISSING, "no federated credential named '" + spec.name()
            + "' (issuer " + spec.issuer() + ", subject " + spec.subject() + ")");
        if (clash.isPresent()) {
          steps.add(new Step(drift, new Action.ManualStep(key, clashText(spec, clash.get()))));
        } else if (free <= 0) {
          steps.add(new Step(drift, new Action.ManualStep(key, "the registration already holds "
              + FederatedCredentialSpec.MAX_PER_APPLICATION + " federated credentials, Graph's limit: delete one the "
              + "manifest does not name, then run apply to add '" + spec.name() + "'")));
        } else {
          free--;
          steps.add(new Step(drift, new Action.AddFederatedCredential(key, spec)));
        }
        continue;
      }
      List<String> changed = new ArrayList<>();
      List<String> details = new ArrayList<>();
      if (!have.issuer().equals(spec.issuer())) {
        changed.add("issuer");
        details.add("issuer is " + have.issuer() + ", manifest says " + spec.issuer());
      }
      if (!have.subject().equals(spec.subject())) {
        changed.add("subject");
        details.add("subject is " + have.subject() + ", manifest says " + spec.subject());
      }
      if (!have.audiences().equals(spec.audiences())) {
        changed.add("audiences");
        details.add("audiences are " + have.audiences() + ", manifest says " + spec.audiences());
      }
      if (spec.description() != null && !Objects.equals(spec.description(), have.description())) {
        changed.add("description");
        details.add("description differs");
      }
      if (changed.isEmpty()) continue;
      Drift drift = drift(DriftKind.FEDERATED_CREDENTIAL_MISMATCH, "federated credential '" + have.name() + "': "
          + String.join("; ", details));
      if (clash.isPresent() && (changed.contains("issuer") || changed.contains("subject"))) {
        steps.add(new Step(drift, new Action.ManualStep(key, clashText(spec, clash.get()))));
      } else {
        steps.add(new Step(drift, new Action.UpdateFederatedCredential(key, reg.get().id(), spec, changed)));
      }
    }
  }

  private static String clashText(FederatedCredentialSpec spec, FederatedCredential other) {
    return "federated credential '" + other.name() + "' already trusts issuer " + spec.issuer() + " and subject "
        + spec.subject() + ", and Graph allows the pair once per registration: rename '" + spec.name() + "' to '"
        + other.name() + "' in the manifest, or delete '" + other.name() + "'";
  }

  private Drift drift(DriftKind kind, String detail) {
    return new Drift(key, kind, detail);
  }
}
