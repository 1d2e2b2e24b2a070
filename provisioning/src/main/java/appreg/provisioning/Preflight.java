package appreg.provisioning;

import appreg.provisioning.graph.CallerClaims;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.reconcile.Action;
import appreg.provisioning.reconcile.Privileges;
import appreg.provisioning.reconcile.SecretPolicy;
import appreg.provisioning.reconcile.Step;
import appreg.provisioning.secret.KeyDestination;
import appreg.provisioning.secret.SecretDestination;
import appreg.provisioning.tenant.Registration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything apply can know before its first write, in one place. The checks run in this order and the first refusal
 * ends the run with the tenant untouched:
 * <ol>
 *   <li>each new secret has somewhere to go (exit 64) and that place can take it (exit 1);</li>
 *   <li>each certificate appreg makes has a secret directory for its private key (exit 64) that can take it
 *       (exit 1);</li>
 *   <li>the tenant's app management policy will accept each new secret (exit 1);</li>
 *   <li>no drift that only a person may resolve blocks the run (exit 1);</li>
 *   <li>the caller's token holds what each step needs (exit 77).</li>
 * </ol>
 * A new check that needs no write to answer belongs here, as one more method called from {@link #check}.
 */
public final class Preflight {
  private Preflight() {}

  /** {@code secrets} null: the command line named no destination. {@code caller} empty: an opaque token. */
  public static void check(Provisioner.PlanResult planned, SecretDestination secrets, Optional<CallerClaims> caller,
                           Instant now) {
    secretDestinations(planned, secrets);
    keyDestinations(planned, secrets);
    secretPolicy(planned, now);
    blockingManualSteps(planned);
    Privileges.check(planned.plan(), caller);
  }

  private static void secretDestinations(Provisioner.PlanResult planned, SecretDestination secrets) {
    for (Step s : planned.plan().steps()) {
      if (!(s.action() instanceof Action.IssueSecret a)) continue;
      if (secrets == null) {
        throw new UsageException("'" + a.key() + "' needs a new client secret (" + s.drift().kind()
            + ") and there is nowhere to deliver it: give --secret-dir DIR or --show-secret; nothing was changed");
      }
      secrets.check(a.key());
    }
  }

  /** A private key goes to --secret-dir only: --show-secret never prints one. */
  private static void keyDestinations(Provisioner.PlanResult planned, SecretDestination secrets) {
    for (Step s : planned.plan().steps()) {
      if (!(s.action() instanceof Action.GenerateCertificate a)) continue;
      Optional<KeyDestination> keys = secrets == null ? Optional.empty() : secrets.keys();
      if (keys.isEmpty()) {
        throw new UsageException("'" + a.key() + "' needs a new certificate (" + s.drift().kind() + ") and there is "
            + "nowhere to deliver its private key: give --secret-dir DIR (--show-secret never prints a private key); "
            + "nothing was changed");
      }
      keys.get().check(a.key());
    }
  }

  private static void secretPolicy(Provisioner.PlanResult planned, Instant now) {
    for (Step s : planned.plan().steps()) {
      if (!(s.action() instanceof Action.IssueSecret a)) continue;
      ApplicationSpec app = planned.manifest().applications().stream().filter(x -> x.key().equals(a.key()))
          .findFirst().orElseThrow();
      Optional<String> refusal = SecretPolicy.refusal(planned.tenant().policies().appManagement(), a.lifetimeDays(),
          Provisioner.keyed(planned.tenant(), app).map(Registration::createdDateTime).orElse(null), now);
      if (refusal.isPresent()) {
        throw new RefusedException("'" + a.key() + "' needs a new client secret, but " + refusal.get()
            + "; nothing was changed");
      }
    }
  }

  private static void blockingManualSteps(Provisioner.PlanResult planned) {
    for (Step s : planned.plan().steps()) {
      if (s.action() instanceof Action.ManualStep m && m.blocksApply()) {
        throw new RefusedException("refusing to write: " + s.drift().detail() + ". " + m.text() + "; nothing was changed");
      }
    }
  }
}
