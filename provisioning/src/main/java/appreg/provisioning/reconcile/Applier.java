package appreg.provisioning.reconcile;

import appreg.provisioning.GraphCallException;
import appreg.provisioning.InterruptedRunException;
import appreg.provisioning.certificate.CertificateInfo;
import appreg.provisioning.certificate.ProofOfPossession;
import appreg.provisioning.certificate.SelfSigned;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.FederatedCredentialSpec;
import appreg.provisioning.secret.CertificateDelivery;
import appreg.provisioning.secret.HeldCertificate;
import appreg.provisioning.secret.KeyDestination;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import java.security.SecureRandom;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import appreg.provisioning.graph.GraphGateway;
import appreg.provisioning.graph.Together;
import appreg.provisioning.graph.Trace;
import appreg.provisioning.reconcile.ApplyReport.Outcome;
import appreg.provisioning.reconcile.ApplyReport.Status;
import appreg.provisioning.secret.DeliveryException;
import appreg.provisioning.secret.IssuedSecret;
import appreg.provisioning.secret.SecretDelivery;
import appreg.provisioning.secret.SecretDestination;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RegistrationPatch;
import appreg.provisioning.tenant.ServicePrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The only class that turns actions into gateway calls. Walks the plan in order, runs each distinct action once,
 * and stops at the first failure; the report then says what was done and what was not.
 */
public final class Applier {
  private final GraphGateway gateway;
  private final SecretDestination secrets;
  private final Supplier<Instant> clock;
  private final Trace trace;
  private final boolean pruneSecrets;
  private final ObservedTenant observed;
  private final Map<String, Registration> registrations = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Registration> created = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, ServicePrincipal> ownSps = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<AppId, ServicePrincipal> apiSps = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, IssuedSecret> issued = new java.util.concurrent.ConcurrentHashMap<>();
  /** Each registration's tags as this run last wrote them: later writes of tags build on these, not on what was read. */
  private final Map<String, List<String>> tags = new java.util.concurrent.ConcurrentHashMap<>();
  private Listener listener = Listener.NONE;

  /**
   * Hears each step as it finishes, so a person sees progress as it happens rather than at the end, and an interrupted
   * run has already shown what it did. Asked before each step whether to stop there: a stop leaves the step in flight
   * finished (a step is never cut in half, so an issued secret is always delivered or revoked) and reports the rest as
   * not attempted.
   */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** A step was run (done or failed), or shown as a manual step. Not called for steps never attempted. */
    default void stepFinished(Outcome outcome) {}

    /** Asked before each step that would write; true stops the apply there with {@link InterruptedRunException}. */
    default boolean stopRequested() {
      return false;
    }
  }
  private final Map<String, ApplicationSpec> specs = new HashMap<>();
  private final Map<String, ApplyReport.CertificateSettings> certificates = new java.util.concurrent.ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  public Applier(GraphGateway gateway, SecretDestination secrets, ObservedTenant observed, Supplier<Instant> clock,
                 Trace trace, boolean pruneSecrets) {
    this.gateway = gateway;
    this.secrets = secrets;
    this.observed = observed;
    this.clock = clock;
    this.trace = trace;
    this.pruneSecrets = pruneSecrets;
    observed.servicePrincipals().forEach(sp -> apiSps.put(sp.appId(), sp));
  }

  /** Registrations and service principals already known for a key (from observation), before any step runs. */
  public Applier knowing(String key, Registration registration) {
    if (registration != null) {
      registrations.put(key, registration);
      tags.put(key, registration.tags());
      observed.servicePrincipalFor(registration.appId()).ifPresent(sp -> ownSps.put(key, sp));
    }
    return this;
  }

  public Applier listening(Listener listener) {
    this.listener = Objects.requireNonNull(listener);
    return this;
  }

  /** What the manifest declares for a key, so that the settings can name its certificate and federated credentials. */
  public Applier declaring(ApplicationSpec spec) {
    specs.put(spec.key(), spec);
    return this;
  }

  /**
   * Runs the plan's actions, each once, every action as soon as the ones it depends on are done ({@link #dependsOn}):
   * actions that do not depend on each other run side by side, and their Graph requests go out together as one
   * round trip ({@link GraphGateway#together()}). The first failure stops the run: what is in flight finishes, nothing
   * new starts, and the rest is reported as not attempted. The listener hears the steps in plan order.
   */
  public ApplyReport apply(Plan plan) {
    return new Run(plan.steps()).run();
  }

  /** One apply: the steps' states, and the threads that carry out the actions. */
  /** Graph's limit of requests in one {@code $batch} (json-batching.md): the most actions worth running at once. */
  private static final int BATCH_LIMIT = 20;

  private final class Run {
    private final List<Step> steps;
    private final Outcome[] outcomes;
    /** For each step, the index of the step whose action it repeats (itself for the first). */
    private final int[] first;
    private final List<Set<Integer>> deps = new ArrayList<>();
    private final boolean[] started;
    private final Object lock = new Object();
    private final Together together = gateway.together();
    /** A gateway that cannot send requests together gets the actions one at a time, in plan order. */
    private final boolean oneAtATime = together == Together.NONE;
    private int running;
    private int emitted;
    private int failedAt = -1;
    private RuntimeException failure;

    Run(List<Step> steps) {
      this.steps = steps;
      this.outcomes = new Outcome[steps.size()];
      this.first = new int[steps.size()];
      this.started = new boolean[steps.size()];
      Map<Action, Integer> seen = new HashMap<>();
      for (int i = 0; i < steps.size(); i++) {
        int index = i;
        first[i] = seen.computeIfAbsent(steps.get(i).action(), a -> index);
        Set<Integer> d = new HashSet<>();
        if (first[i] == i) {
          for (int j = 0; j < i; j++) {
            if (first[j] == j && dependsOn(steps.get(i).action(), steps.get(j).action())) d.add(j);
          }
        }
        deps.add(d);
      }
    }

    ApplyReport run() {
      synchronized (lock) {
        startReady();
        while (running > 0) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // a step is never cut in half: keep waiting for the ones in flight, stop starting new ones
            if (failure == null) {
              failure = new InterruptedRunException("interrupted");
              failedAt = steps.size();
            }
          }
        }
        for (int i = 0; i < steps.size(); i++) {
          if (outcomes[i] == null) outcomes[i] = resolved(i);
          if (outcomes[i] == null) outcomes[i] = new Outcome(steps.get(i), Status.NOT_ATTEMPTED, "");
        }
        emit();
      }
      ApplyReport report = new ApplyReport(List.of(outcomes), settings());
      if (failure != null) throw new ApplyFailedException(report, failure);
      return report;
    }

    /**
     * Starts every action whose dependencies are done; called with the lock held. Every one of them takes its place in
     * the group before any of their threads starts, so that the first to reach Graph waits for the others and they go
     * out as one round trip, however the threads are scheduled.
     */
    private void startReady() {
      List<Integer> ready = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        if (started[i] || first[i] != i || steps.get(i).action() instanceof Action.ManualStep) continue;
        if (failure != null || oneAtATime && (running > 0 || !ready.isEmpty())) break;
        // at most one batch of actions in flight: more could not go out together anyway, and each is a thread
        if (running + ready.size() >= BATCH_LIMIT) break;
        boolean isReady = oneAtATime ? earlierDone(i)
            : deps.get(i).stream().allMatch(j -> outcomes[j] != null && outcomes[j].status() == Status.DONE);
        if (!isReady) continue;
        if (listener.stopRequested()) {
          // a stop starts nothing new, not even the rest of this round
          failure = new InterruptedRunException("stopped on request before: " + steps.get(i).action().describe());
          failedAt = i;
          return;
        }
        started[i] = true;
        ready.add(i);
      }
      List<Together.Member> members = new ArrayList<>();
      for (int i = 0; i < ready.size(); i++) members.add(together.join());
      running += ready.size();
      for (int k = 0; k < ready.size(); k++) {
        int index = ready.get(k);
        Together.Member member = members.get(k);
        try {
          Thread t = new Thread(() -> carryOut(index, member), "appreg-apply-" + index);
          t.setDaemon(true);
          t.start();
        } catch (RuntimeException | Error e) {
          // no thread (a process or memory limit): this one and the rest of the round never run; give their places
          // back so the others do not wait for them, and stop starting anything
          for (int rest = k; rest < ready.size(); rest++) {
            members.get(rest).leave();
            started[ready.get(rest)] = false;
            running--;
          }
          if (failure == null || ready.get(k) < failedAt) {
            failure = new IllegalStateException("could not start another thread: " + e, e);
            failedAt = ready.get(k);
          }
          lock.notifyAll();
          return;
        }
      }
    }

    private boolean earlierDone(int i) {
      for (int j = 0; j < i; j++) {
        if (first[j] == j && !(steps.get(j).action() instanceof Action.ManualStep)
            && (outcomes[j] == null || outcomes[j].status() != Status.DONE)) return false;
      }
      return true;
    }

    private void carryOut(int i, Together.Member member) {
      Step step = steps.get(i);
      Outcome outcome;
      RuntimeException failed = null;
      member.enter();
      try {
        trace.line("apply: " + step.action().describe());
        outcome = new Outcome(step, Status.DONE, Applier.this.run(step.action()));
      } catch (RuntimeException e) {
        failed = e;
        outcome = new Outcome(step, Status.FAILED, e.getMessage());
      } catch (Error e) {
        failed = new IllegalStateException(e.toString(), e);
        outcome = new Outcome(step, Status.FAILED, e.toString());
      }
      try {
        synchronized (lock) {
          outcomes[i] = outcome;
          if (failed != null && (failure == null || i < failedAt)) {
            failure = failed;
            failedAt = i;
          }
          running--;
          try {
            emit();
            startReady();   // before this action gives up its place in the group (below)
          } finally {
            lock.notifyAll();
          }
        }
      } finally {
        // whatever happened above, the group must stop waiting for this action, or every other request would wait
        member.leave();
      }
    }

    /** The outcome of a step that repeats an action, or shows a manual step, once that is known; else null. */
    private Outcome resolved(int i) {
      Step step = steps.get(i);
      boolean earlierFailed = failure != null && failedAt < i;
      if (step.action() instanceof Action.ManualStep) {
        if (earlierFailed) return new Outcome(step, Status.NOT_ATTEMPTED, "");
        for (int j = 0; j < i; j++) if (outcomes[j] == null && resolved(j) == null) return null;
        return new Outcome(step, Status.MANUAL, "");
      }
      if (first[i] == i) return null;
      Outcome firstOutcome = outcomes[first[i]];
      if (firstOutcome == null) return null;
      return firstOutcome.status() == Status.DONE && !earlierFailed ? new Outcome(step, Status.DONE, "same action as above")
          : new Outcome(step, Status.NOT_ATTEMPTED, "");
    }

    /** Tells the listener of every step, in plan order, whose outcome is known; called with the lock held. */
    private void emit() {
      while (emitted < steps.size()) {
        if (outcomes[emitted] == null) outcomes[emitted] = resolved(emitted);
        Outcome o = outcomes[emitted];
        if (o == null) return;
        if (o.status() != Status.NOT_ATTEMPTED) listener.stepFinished(o);
        emitted++;
      }
    }
  }

  /**
   * True when {@code later} must wait for {@code earlier} (which comes before it in the plan). Actions of one key
   * wait for the write that creates or adopts its registration; its service principal for that; consent and roles
   * for its service principal and the APIs' ones; credentials (secrets, certificates, federated credentials) for each
   * other, since they rewrite the same tags and collections. An update of the registration holds back only the
   * credentials, and only when it writes tags. Deletes and anything else wait for everything before them.
   */
  static boolean dependsOn(Action later, Action earlier) {
    if (later instanceof Action.ManualStep || earlier instanceof Action.ManualStep) return false;   // never run
    Kind l = Kind.of(later);
    Kind e = Kind.of(earlier);
    if (l == Kind.OTHER || e == Kind.OTHER) return true;
    if (e == Kind.API_SP) return l == Kind.CONSENT;
    if (l == Kind.API_SP) return false;
    if (!Objects.equals(later.key(), earlier.key())) return false;
    return switch (e) {
      case CREATE -> true;
      case UPDATE -> l == Kind.CREDENTIAL && earlier instanceof Action.UpdateRegistration u && u.change().tags() != null
          || l == Kind.CREATE || l == Kind.UPDATE;
      case OWN_SP -> l == Kind.CONSENT || l == Kind.ROLE;
      case CREDENTIAL -> l == Kind.CREDENTIAL;
      default -> false;
    };
  }

  private enum Kind {
    CREATE, UPDATE, API_SP, OWN_SP, CONSENT, CREDENTIAL, OWNER, ROLE, OTHER;

    static Kind of(Action a) {
      if (a instanceof Action.CreateRegistration || a instanceof Action.AdoptRegistration) return CREATE;
      if (a instanceof Action.UpdateRegistration) return UPDATE;
      if (a instanceof Action.CreateServicePrincipal c) return c.appId() != null ? API_SP : OWN_SP;
      if (a instanceof Action.GrantAdminConsent || a instanceof Action.RevokeAdminConsent
          || a instanceof Action.AssignAppRole || a instanceof Action.RevokeAppRole) return CONSENT;
      if (a instanceof Action.IssueSecret || a instanceof Action.RevokeSecret || a instanceof Action.GenerateCertificate
          || a instanceof Action.RegisterCertificate || a instanceof Action.RemoveCertificate
          || a instanceof Action.AddFederatedCredential || a instanceof Action.UpdateFederatedCredential) return CREDENTIAL;
      if (a instanceof Action.AddOwner) return OWNER;
      if (a instanceof Action.AssignRole) return ROLE;
      return OTHER;
    }
  }

  /** Runs one action; returns a short note for the report (ids created, where a secret went). */
  String run(Action action) {
    if (action instanceof Action.CreateRegistration a) {
      Registration r = gateway.upsertRegistration(a.key(), a.change());
      registrations.put(a.key(), r);
      created.put(a.key(), r);
      tags.put(a.key(), r.tags());
      return "appId " + r.appId() + ", object " + r.id();
    } else if (action instanceof Action.AdoptRegistration a) {
      gateway.updateRegistration(a.id(), a.key(), a.change());
      if (a.change().tags() != null) tags.put(a.key(), a.change().tags());
      return "uniqueName set to '" + a.key() + "'";
    } else if (action instanceof Action.UpdateRegistration a) {
      gateway.updateRegistration(a.id(), null, a.change());
      if (a.change().tags() != null) tags.put(a.key(), a.change().tags());
      return "";
    } else if (action instanceof Action.CreateServicePrincipal a) {
      if (a.appId() != null) {
        ServicePrincipal sp = gateway.createServicePrincipal(a.appId());
        apiSps.put(sp.appId(), sp);
        return "object " + sp.id();
      }
      Registration r = registration(a.key());
      ServicePrincipal sp = gateway.createServicePrincipal(r.appId());
      ownSps.put(a.key(), sp);
      apiSps.put(sp.appId(), sp);
      return "object " + sp.id();
    } else if (action instanceof Action.GrantAdminConsent a) {
      ObjectId client = ownSp(a.key()).id();
      ObjectId resource = apiSp(a.resourceAppId()).id();
      if (a.existingGrantId() != null) {
        gateway.updateGrant(a.existingGrantId(), a.scopes());
        return "";
      }
      return "grant " + gateway.grantAllPrincipals(client, resource, a.scopes()).id();
    } else if (action instanceof Action.RevokeAdminConsent a) {
      gateway.deleteGrant(a.grantId());
      return "";
    } else if (action instanceof Action.AssignAppRole a) {
      ObjectId client = ownSp(a.key()).id();
      ServicePrincipal resource = apiSp(a.resourceAppId());
      String roleId = a.appRoleId() != null ? a.appRoleId() : resource.appRoles().stream()
          .filter(r -> r.value().equalsIgnoreCase(a.permission())).map(r -> r.id()).findFirst()
          .orElseThrow(() -> new IllegalStateException(a.api() + " offers no application permission " + a.permission()));
      return "assignment " + gateway.assignAppRole(client, resource.id(), roleId).id();
    } else if (action instanceof Action.RevokeAppRole a) {
      gateway.removeAppRoleAssignment(a.clientSp(), a.assignmentId());
      return "";
    } else if (action instanceof Action.IssueSecret a) {
      return issueSecret(a);
    } else if (action instanceof Action.RevokeSecret a) {
      gateway.removePassword(a.application(), a.keyId());
      return "";
    } else if (action instanceof Action.GenerateCertificate a) {
      return generateCertificate(a);
    } else if (action instanceof Action.RegisterCertificate a) {
      return registerCertificate(a);
    } else if (action instanceof Action.RemoveCertificate a) {
      removeCertificates(a.application(), Set.of(a.keyId()));
      return "";
    } else if (action instanceof Action.AddFederatedCredential a) {
      gateway.addFederatedCredential(registration(a.key()).id(), federated(a.credential()));
      return "";
    } else if (action instanceof Action.UpdateFederatedCredential a) {
      gateway.updateFederatedCredential(a.application(), a.credential().name(), federated(a.credential()));
      return "";
    } else if (action instanceof Action.AssignRole a) {
      ObjectId principal = a.principal() != null ? a.principal() : ownSp(a.key()).id();
      gateway.assignDirectoryRole(a.roleDefinitionId(), principal);
      return "";
    } else if (action instanceof Action.RemoveRoleAssignment a) {
      gateway.removeDirectoryRoleAssignment(a.assignmentId());
      return "";
    } else if (action instanceof Action.DeleteServicePrincipal a) {
      gateway.deleteServicePrincipal(a.id());
      return "";
    } else if (action instanceof Action.DeleteSecretFile a) {
      secrets.forget(a.key());
      return "";
    } else if (action instanceof Action.DeleteRegistration a) {
      gateway.deleteApplication(a.id());
      return "restorable for 30 days from deleted items";
    } else if (action instanceof Action.PurgeDeleted a) {
      gateway.purgeDeleted(a.id());
      return "";
    } else if (action instanceof Action.AddOwner a) {
      gateway.addOwner(registration(a.key()).id(), a.owner());
      return "";
    } else if (action instanceof Action.ManualStep) {
      return "";
    }
    throw new IllegalStateException("no way to apply " + action);
  }

  private String issueSecret(Action.IssueSecret a) {
    Registration r = registration(a.key());
    Instant now = clock.get();
    // An hour of margin for a local clock that runs ahead of Entra's; the delivered secret is never taken for an orphan.
    Instant since = now.minus(Duration.ofHours(1));
    List<String> current = new ArrayList<>(tags.getOrDefault(a.key(), r.tags()));
    if (current.stream().noneMatch(t -> t.startsWith(Registration.PENDING_SECRET_TAG_PREFIX))) {
      current.add(Registration.PENDING_SECRET_TAG_PREFIX + since);
      writeTags(a.key(), r, current);
    }
    secrets.markPending(a.key(), since);
    IssuedSecret secret = gateway.addPassword(r.id(), a.displayName(), now.plus(Duration.ofDays(a.lifetimeDays())));
    try {
      secrets.deliver(new SecretDelivery(a.key(), observed.organization().tenantId(), r.appId().value(), secret));
    } catch (DeliveryException e) {
      // an undelivered secret must not live on: revoke it, then report the failure with its key id only
      try {
        gateway.removePassword(r.id(), secret.keyId());
      } catch (RuntimeException revokeFailed) {
        throw new DeliveryException(e.getMessage() + "; revoking the undelivered secret " + secret.keyId()
            + " also failed: remove it in the portal", e);
      }
      throw new DeliveryException(e.getMessage() + "; the undelivered secret " + secret.keyId() + " was revoked", e);
    }
    secrets.clearPending(a.key());
    current.removeIf(t -> t.startsWith(Registration.PENDING_SECRET_TAG_PREFIX));
    writeTags(a.key(), r, current);
    issued.put(a.key(), secret);
    List<String> removed = new ArrayList<>();
    for (String keyId : a.expiredKeyIds()) {
      gateway.removePassword(r.id(), keyId);
      removed.add(keyId);
    }
    if (pruneSecrets) {
      for (PasswordCredential p : r.passwordCredentials()) {
        if (Objects.equals(p.displayName(), a.displayName()) && !removed.contains(p.keyId()) && !p.keyId().equals(secret.keyId())) {
          gateway.removePassword(r.id(), p.keyId());
          removed.add(p.keyId());
        }
      }
    }
    return "keyId " + secret.keyId() + ", delivered to " + secrets.describe(a.key())
        + (removed.isEmpty() ? "" : "; removed " + String.join(", ", removed));
  }

  // ------------------------------------------------------------------ certificates

  /**
   * Makes the certificate, registers it, then delivers its private key; the registration carries a pending mark from
   * before the write until the key is delivered (as for secrets), so a run that stops in between leaves a certificate
   * the next run removes. When the secret directory holds the previous certificate's key and that certificate is
   * registered and valid, the new one goes in with addKey, proving possession; otherwise the collection is written
   * back whole with PATCH (application-addkey.md documents PATCH as the way when no valid certificate can sign).
   */
  private String generateCertificate(Action.GenerateCertificate a) {
    Registration r = registration(a.key());
    KeyDestination keys = secrets == null ? null : secrets.keys().orElse(null);
    if (keys == null) {
      throw new DeliveryException("'" + a.key() + "' needs a new certificate and there is no --secret-dir for its private key");
    }
    Instant now = clock.get();
    Instant since = now.minus(Duration.ofHours(1));
    List<String> current = new ArrayList<>(tags.getOrDefault(a.key(), r.tags()));
    if (current.stream().noneMatch(t -> t.startsWith(Registration.PENDING_CERTIFICATE_TAG_PREFIX))) {
      current.add(Registration.PENDING_CERTIFICATE_TAG_PREFIX + since);
      writeTags(a.key(), r, current);
    }
    keys.markPending(a.key(), since);
    // ten minutes of slack for a local clock behind Entra's; X.509 keeps whole seconds
    Instant notBefore = now.minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
    var g = a.generate();
    SelfSigned.Generated made = SelfSigned.generate(g.subject(), g.keyType(), g.keyBits(), notBefore,
        notBefore.plus(Duration.ofDays(g.lifetimeDays())), random);
    CertificateInfo cert = made.certificate();
    KeyCredential upload = upload(a.displayName(), cert);
    String how = addCertificate(r, upload, keys.held(a.key()), now);
    try {
      keys.deliver(new CertificateDelivery(a.key(), observed.organization().tenantId(), r.appId().value(), upload.keyId(),
          cert.derBase64(), cert.sha1Thumbprint(), cert.sha256Thumbprint(), cert.notAfter(), made.privateKey()));
    } catch (DeliveryException e) {
      // a certificate whose private key is nowhere must not stay registered
      try {
        removeCertificates(r.id(), Set.of(upload.keyId()));
      } catch (RuntimeException removeFailed) {
        throw new DeliveryException(e.getMessage() + "; removing the undelivered certificate " + upload.keyId()
            + " also failed: remove it in the portal", e);
      }
      throw new DeliveryException(e.getMessage() + "; the undelivered certificate " + upload.keyId() + " was removed", e);
    }
    keys.clearPending(a.key());
    current.removeIf(t -> t.startsWith(Registration.PENDING_CERTIFICATE_TAG_PREFIX));
    writeTags(a.key(), r, current);
    certificates.put(a.key(), new ApplyReport.CertificateSettings(upload.keyId(), cert.sha1Thumbprint(),
        cert.sha256Thumbprint(), cert.notAfter(), "generated", keys.describe(a.key())));
    List<String> removed = removeOld(r, a.displayName(), a.expiredKeyIds(), upload.keyId());
    return "keyId " + upload.keyId() + ", thumbprint " + cert.sha1Thumbprint() + ", added with " + how
        + "; private key delivered to " + keys.describe(a.key())
        + (removed.isEmpty() ? "" : "; removed " + String.join(", ", removed));
  }

  private String registerCertificate(Action.RegisterCertificate a) {
    Registration r = registration(a.key());
    KeyCredential upload = upload(a.displayName(), a.certificate());
    List<KeyCredential> all = new ArrayList<>(gateway.keyCredentials(r.id()));
    all.add(upload);
    gateway.updateKeyCredentials(r.id(), all);
    certificates.put(a.key(), new ApplyReport.CertificateSettings(upload.keyId(), a.certificate().sha1Thumbprint(),
        a.certificate().sha256Thumbprint(), a.certificate().notAfter(), a.file(), ""));
    List<String> removed = removeOld(r, a.displayName(), a.expiredKeyIds(), upload.keyId());
    return "keyId " + upload.keyId() + ", thumbprint " + a.certificate().sha1Thumbprint()
        + (removed.isEmpty() ? "" : "; removed " + String.join(", ", removed));
  }

  private static KeyCredential upload(String displayName, CertificateInfo cert) {
    return new KeyCredential(UUID.randomUUID().toString(), displayName, KeyCredential.ASYMMETRIC_X509_CERT,
        KeyCredential.VERIFY, cert.notBefore(), cert.notAfter(), cert.sha1Thumbprint(), cert.derBase64());
  }

  /** "addKey" or "PATCH": how the certificate went in. */
  private String addCertificate(Registration r, KeyCredential upload, Optional<HeldCertificate> held, Instant now) {
    Optional<String> refused = Optional.empty();
    Optional<CertificateInfo> heldCertificate = held.flatMap(h -> {
      try {
        return Optional.of(CertificateInfo.parse(java.util.Base64.getDecoder().decode(h.certificateBase64())));
      } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
        return Optional.empty();
      }
    });
    if (heldCertificate.isPresent() && ProofOfPossession.canSign(held.get().privateKey())) {
      CertificateInfo previous = heldCertificate.get();
      boolean registered = r.keyCredentials().stream().anyMatch(k -> previous.sha1Thumbprint().equalsIgnoreCase(k.thumbprint())
          && !k.expiredAt(now));
      if (registered && previous.notAfter().isAfter(now)) {
        try {
          gateway.addKey(r.id(), upload, ProofOfPossession.sign(previous, held.get().privateKey(), r.id().value(), now));
          return "addKey (proof signed by certificate " + previous.sha1Thumbprint() + ")";
        } catch (GraphCallException e) {
          if (e.status() != 400 && e.status() != 401) throw e;
          refused = Optional.of("addKey refused the proof (Graph " + e.status() + (e.code().isEmpty() ? "" : " " + e.code()) + ")");
          trace.line("apply: " + refused.get() + "; adding the certificate with PATCH instead");
        }
      }
    }
    List<KeyCredential> all = new ArrayList<>(gateway.keyCredentials(r.id()));
    all.add(upload);
    gateway.updateKeyCredentials(r.id(), all);
    return "PATCH" + refused.map(x -> " (" + x + ")").orElse("");
  }

  /** Removes the expired ones named in the plan and, with --prune-secrets, every other one of this name. */
  private List<String> removeOld(Registration r, String displayName, List<String> expired, String keep) {
    Set<String> remove = new java.util.LinkedHashSet<>(expired);
    if (pruneSecrets) {
      for (KeyCredential k : r.keyCredentials()) {
        if (Objects.equals(k.displayName(), displayName) && !k.keyId().equalsIgnoreCase(keep)) remove.add(k.keyId());
      }
    }
    if (!remove.isEmpty()) removeCertificates(r.id(), remove);
    return List.copyOf(remove);
  }

  /**
   * Writes the collection back without {@code keyIds}: read with the certificates first, because PATCH replaces the
   * whole collection and a certificate appreg did not add must survive (as terraform-provider-azuread's
   * application_certificate_resource does: read the application, keep every other credential, write the list).
   */
  private void removeCertificates(ObjectId application, Set<String> keyIds) {
    List<KeyCredential> all = gateway.keyCredentials(application);
    List<KeyCredential> kept = all.stream().filter(k -> keyIds.stream().noneMatch(id -> id.equalsIgnoreCase(k.keyId()))).toList();
    if (kept.size() != all.size()) gateway.updateKeyCredentials(application, kept);
  }

  private static FederatedCredential federated(FederatedCredentialSpec f) {
    return new FederatedCredential(null, f.name(), f.issuer(), f.subject(), f.audiences(), f.description());
  }

  /** Registrations this applier created, by key, for planning the rest of the run. */
  public Map<String, Registration> createdRegistrations() {
    return Map.copyOf(created);
  }

  /** Service principals this applier created or learned of, for planning the rest of the run. */
  public List<ServicePrincipal> servicePrincipals() {
    return List.copyOf(new java.util.LinkedHashSet<>(apiSps.values()));
  }

  private void writeTags(String key, Registration r, List<String> wanted) {
    gateway.updateRegistration(r.id(), null, new RegistrationPatch(null, null, null, null, null, null, wanted, List.of("tags")));
    tags.put(key, List.copyOf(wanted));
  }

  private Registration registration(String key) {
    Registration r = registrations.get(key);
    if (r == null) throw new IllegalStateException("registration '" + key + "' is not known at this step");
    return r;
  }

  private ServicePrincipal ownSp(String key) {
    ServicePrincipal sp = ownSps.get(key);
    if (sp == null) {
      Registration r = registration(key);
      sp = apiSps.get(r.appId());
      if (sp == null) throw new GraphCallException("consent for '" + key + "'", 0, "", "the registration has no service principal", "", null);
      ownSps.put(key, sp);
    }
    return sp;
  }

  private ServicePrincipal apiSp(AppId appId) {
    ServicePrincipal sp = apiSps.get(appId);
    if (sp == null) throw new GraphCallException("consent", 0, "", "API " + appId + " has no service principal", "", null);
    return sp;
  }

  /** The certificate the manifest declares: the one made or registered now, else the newest one registered. */
  private ApplyReport.CertificateSettings certificateSettings(String key, Registration r) {
    ApplicationSpec spec = specs.get(key);
    if (spec == null || spec.certificate() == null) return null;
    if (certificates.containsKey(key)) return certificates.get(key);
    if (!spec.certificate().generated()) {
      CertificateInfo c = spec.certificate().file().certificate();
      String keyId = r.keyCredentials().stream().filter(k -> c.sha1Thumbprint().equalsIgnoreCase(k.thumbprint()))
          .map(KeyCredential::keyId).findFirst().orElse("");
      return new ApplyReport.CertificateSettings(keyId, c.sha1Thumbprint(), c.sha256Thumbprint(), c.notAfter(),
          spec.certificate().file().path(), "");
    }
    KeyCredential newest = r.keyCredentials().stream()
        .filter(k -> Objects.equals(k.displayName(), spec.certificate().displayName()))
        .max(java.util.Comparator.comparing(k -> k.endDateTime() == null ? Instant.MAX : k.endDateTime())).orElse(null);
    if (newest == null) return null;
    return new ApplyReport.CertificateSettings(newest.keyId(), newest.thumbprint() == null ? "" : newest.thumbprint(), "",
        newest.endDateTime(), "generated", "");
  }

  private List<ApplyReport.FederatedSettings> federatedSettings(String key) {
    ApplicationSpec spec = specs.get(key);
    if (spec == null) return List.of();
    return spec.federatedCredentials().stream().map(f -> new ApplyReport.FederatedSettings(f.name(), f.issuer(), f.subject(),
        f.audiences(), f.github() == null ? "" : f.github().repo(), f.github() == null ? "" : f.github().describe())).toList();
  }

  private Map<String, ApplyReport.Settings> settings() {
    Map<String, ApplyReport.Settings> out = new LinkedHashMap<>();
    for (var e : registrations.entrySet()) {
      String key = e.getKey();
      Registration r = e.getValue();
      ServicePrincipal sp = ownSps.getOrDefault(key, apiSps.get(r.appId()));
      IssuedSecret s = issued.get(key);
      PasswordCredential newest = r.passwordCredentials().stream()
          .max(java.util.Comparator.comparing(p -> p.endDateTime() == null ? Instant.MAX : p.endDateTime())).orElse(null);
      String keyId = s != null ? s.keyId() : newest == null ? "" : newest.keyId();
      Instant expires = s != null ? s.expiresOn() : newest == null ? null : newest.endDateTime();
      out.put(key, new ApplyReport.Settings(key, observed.organization().tenantId(), observed.organization().primaryDomain(),
          r.appId().value(), r.id().value(), sp == null ? "" : sp.id().value(),
          keyId, expires, s == null || secrets == null ? "" : secrets.describe(key),
          certificateSettings(key, r), federatedSettings(key)));
    }
    return out;
  }
}
