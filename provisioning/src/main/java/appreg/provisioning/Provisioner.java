package appreg.provisioning;

import appreg.provisioning.desired.DesiredState;
import appreg.provisioning.desired.ApiNames;
import appreg.provisioning.desired.Resolver;
import appreg.provisioning.graph.CallerClaims;
import appreg.provisioning.graph.GraphGateway;
import appreg.provisioning.graph.Trace;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.DirectoryRoleSpec;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.OwnerSpec;
import appreg.provisioning.manifest.PermissionSpec;
import appreg.provisioning.reconcile.Action;
import appreg.provisioning.reconcile.Applier;
import appreg.provisioning.reconcile.ApplyFailedException;
import appreg.provisioning.reconcile.ApplyReport;
import appreg.provisioning.reconcile.Destroyer;
import appreg.provisioning.reconcile.Differ;
import appreg.provisioning.reconcile.Plan;
import appreg.provisioning.reconcile.Planner;
import appreg.provisioning.reconcile.Privileges;
import appreg.provisioning.reconcile.Step;
import appreg.provisioning.secret.SecretDestination;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.DeletedItems;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The front door: plan and apply (audit and export live beside it). Everything app/ needs from a tenant. */
public final class Provisioner {
  private final GraphGateway gateway;
  private final Clock clock;
  private final Trace trace;

  public Provisioner(GraphGateway gateway, Clock clock, Trace trace) {
    this.gateway = gateway;
    this.clock = clock;
    this.trace = trace;
  }

  /** A plan and what it was made from. */
  public record PlanResult(Manifest manifest, ObservedTenant tenant, DesiredState desired, Plan plan) {}

  public record ApplyOptions(boolean pruneSecrets) {}

  /** Reads the tenant and plans; never writes. {@code secrets} (nullable) tells which issued secrets were never delivered. */
  public PlanResult plan(Manifest manifest, SecretDestination secrets) {
    return plan(manifest, secrets, Optional.empty());
  }

  /** As {@link #plan(Manifest, SecretDestination)}, for {@code caller}: a signed-in user owns what has no owner. */
  public PlanResult plan(Manifest manifest, SecretDestination secrets, Optional<CallerClaims> caller) {
    return planAgainst(manifest, gateway.observe(query(manifest)), secrets, signedInUser(caller));
  }

  private static Optional<appreg.provisioning.tenant.ObjectId> signedInUser(Optional<CallerClaims> caller) {
    return caller.flatMap(CallerClaims::signedInUser);
  }

  private PlanResult planAgainst(Manifest manifest, ObservedTenant tenant, SecretDestination secrets,
                                 Optional<appreg.provisioning.tenant.ObjectId> signedInUser) {
    DesiredState desired = Resolver.resolve(manifest, tenant, signedInUser);
    Plan plan = Planner.plan(desired, tenant, Resolver.missingApis(manifest, tenant), clock.instant(),
        ledger(manifest, tenant, secrets));
    return new PlanResult(manifest, tenant, desired, plan);
  }

  /**
   * Brings the tenant to the manifest. Names are resolved while planning; everything else that can be known before
   * writing is {@link Preflight}'s ({@code secrets} null: the command line named no destination).
   */
  public ApplyReport apply(Manifest manifest, SecretDestination secrets, ApplyOptions options, Optional<CallerClaims> caller) {
    return apply(manifest, secrets, options, caller, Applier.Listener.NONE);
  }

  /** As above; {@code listener} hears each step as it finishes and may stop the run between steps. */
  public ApplyReport apply(Manifest manifest, SecretDestination secrets, ApplyOptions options, Optional<CallerClaims> caller,
                           Applier.Listener listener) {
    PlanResult first = plan(manifest, secrets, caller);
    Preflight.check(first, secrets, caller, clock.instant());

    ObservedTenant tenant = first.tenant();
    List<ApplyReport.Outcome> outcomes = new ArrayList<>();
    List<Step> apiSteps = first.plan().steps().stream()
        .filter(s -> s.action() instanceof Action.CreateServicePrincipal c && c.appId() != null).toList();
    if (!apiSteps.isEmpty()) {
      // The APIs' service principals first, since their permission names resolve only against them; a new
      // registration goes out with them (one round trip), holding what is resolved already, and the re-plan adds
      // the rest. Its steps for permissions not yet resolvable are left to the re-plan, which reports them.
      List<Step> early = first.plan().steps().stream()
          .filter(s -> apiSteps.contains(s) || s.action() instanceof Action.CreateRegistration && !Differ.awaitsApi(s.drift()))
          .toList();
      Set<Step> shown = new LinkedHashSet<>(early);
      Applier applier = applier(tenant, secrets, options, manifest).listening(listener);
      ApplyReport created;
      try {
        created = applier.apply(new Plan(early));
      } catch (ApplyFailedException e) {
        List<ApplyReport.Outcome> all = new ArrayList<>(e.report().outcomes());
        first.plan().steps().stream().filter(s -> !shown.contains(s))
            .forEach(s -> all.add(new ApplyReport.Outcome(s, ApplyReport.Status.NOT_ATTEMPTED, "")));
        throw new ApplyFailedException(new ApplyReport(all, e.report().settings()), (RuntimeException) e.getCause());
      }
      outcomes.addAll(created.outcomes());
      for (ServicePrincipal sp : applier.servicePrincipals()) tenant = tenant.withServicePrincipal(sp);
      for (Registration r : applier.createdRegistrations().values()) tenant = tenant.withRegistration(r);
    }
    PlanResult second = planAgainst(manifest, tenant, secrets, signedInUser(caller));
    Applier applier = applier(tenant, secrets, options, manifest).listening(listener);
    try {
      ApplyReport rest = applier.apply(second.plan());
      outcomes.addAll(rest.outcomes());
      return new ApplyReport(outcomes, rest.settings());
    } catch (ApplyFailedException e) {
      outcomes.addAll(e.report().outcomes());
      throw new ApplyFailedException(new ApplyReport(outcomes, e.report().settings()), (RuntimeException) e.getCause());
    }
  }

  /** A destroy plan and the tenant it was made from. */
  public record DestroyResult(ObservedTenant tenant, Plan plan) {}

  /**
   * Reads what carries the manifest's keys and plans its removal; never writes. {@code secrets} (nullable) is where
   * apply delivered secrets; {@code purge} also reads deleted items, for permanent deletion.
   */
  public DestroyResult destroyPlan(Manifest manifest, SecretDestination secrets, boolean purge) {
    List<String> keys = manifest.applications().stream().map(ApplicationSpec::key).toList();
    // the plan's reads, and role assignments too; the APIs only name what a revoked consent was for
    TenantQuery q = query(manifest);
    ObservedTenant tenant = gateway.observe(new TenantQuery(q.keys(), List.of(), List.of(), q.apiAppIds(),
        q.apiDisplayNames(), true, List.of(), List.of()));
    DeletedItems deleted = purge ? gateway.deletedItems(keys) : DeletedItems.NONE;
    Map<String, String> files = new LinkedHashMap<>();
    if (secrets != null) {
      for (String key : keys) {
        Optional<String> clientId = secrets.deliveredClientId(key);
        if (clientId.isEmpty()) continue;
        boolean ours = tenant.registrationByUniqueName(key).map(r -> r.appId().value().equalsIgnoreCase(clientId.get()))
            .orElse(false) || deleted.applications().stream()
            .anyMatch(d -> key.equals(d.uniqueName()) && d.appId().value().equalsIgnoreCase(clientId.get()));
        if (ours) files.put(key, secrets.describe(key));
      }
    }
    return new DestroyResult(tenant, Destroyer.plan(keys, tenant, deleted, files, purge));
  }

  /**
   * Removes the registrations that carry the manifest's keys, with their service principals, consents, role
   * assignments and delivered secret files ({@link Destroyer}); checks the caller's permissions first (exit 77).
   */
  public ApplyReport destroy(Manifest manifest, SecretDestination secrets, boolean purge, Optional<CallerClaims> caller,
                             Applier.Listener listener) {
    return destroy(destroyPlan(manifest, secrets, purge), secrets, caller, listener);
  }

  /** Runs a destroy plan already shown (and confirmed): what the person agreed to is what runs. */
  public ApplyReport destroy(DestroyResult planned, SecretDestination secrets, Optional<CallerClaims> caller,
                             Applier.Listener listener) {
    Privileges.check(planned.plan(), caller);
    SecretDestination files = secrets != null ? secrets : SecretDestination.of(List.of());
    return new Applier(gateway, files, planned.tenant(), clock::instant, trace, false).listening(listener)
        .apply(planned.plan());
  }

  private Applier applier(ObservedTenant tenant, SecretDestination secrets, ApplyOptions options, Manifest manifest) {
    Applier a = new Applier(gateway, secrets, tenant, clock::instant, trace, options.pruneSecrets());
    for (ApplicationSpec app : manifest.applications()) a.knowing(app.key(), keyed(tenant, app).orElse(null)).declaring(app);
    return a;
  }

  static Optional<Registration> keyed(ObservedTenant tenant, ApplicationSpec app) {
    return tenant.registrationByUniqueName(app.key())
        .or(() -> app.appId() == null ? Optional.empty() : tenant.registrationByAppId(app.appId()));
  }

  /** What to read for a manifest: its keys, names, APIs, roles and role assignees. */
  static TenantQuery query(Manifest m) {
    Set<String> keys = new LinkedHashSet<>();
    Set<AppId> adopt = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    Set<AppId> apiIds = new LinkedHashSet<>();
    Set<String> apiNames = new LinkedHashSet<>();
    Set<String> users = new LinkedHashSet<>();
    Set<String> owners = new LinkedHashSet<>();
    boolean roles = false;
    for (ApplicationSpec app : m.applications()) {
      keys.add(app.key());
      if (app.appId() != null) adopt.add(app.appId());
      if (app.displayName() != null && !app.displayName().isBlank()) names.add(app.displayName());
      for (PermissionSpec p : app.permissions()) {
        String api = p.api().trim();
        if (ApiNames.isAppId(api)) {
          apiIds.add(new AppId(api));
        } else {
          apiNames.add(api);
          ApiNames.firstParty(api).ifPresent(apiIds::add);
        }
      }
      for (DirectoryRoleSpec r : app.directoryRoles()) {
        roles = true;
        if (r.assignee() != null && !r.assignee().isBlank()) users.add(r.assignee().trim());
      }
      for (OwnerSpec o : app.owners()) owners.add(o.owner().trim());
    }
    return new TenantQuery(List.copyOf(keys), List.copyOf(adopt), List.copyOf(names), List.copyOf(apiIds),
        List.copyOf(apiNames), roles, List.copyOf(users), List.copyOf(owners));
  }

  /** Secrets issued after a run marked the key pending, and never delivered since. */
  private static Differ.SecretLedger ledger(Manifest m, ObservedTenant tenant, SecretDestination given) {
    SecretDestination secrets = given != null ? given : SecretDestination.of(List.of());
    Set<String> undelivered = new LinkedHashSet<>();
    for (ApplicationSpec app : m.applications()) {
      if (app.secret() == null) continue;
      Optional<Registration> reg = keyed(tenant, app);
      Optional<Instant> since = java.util.stream.Stream.of(secrets.pendingSince(app.key()),
              reg.flatMap(Registration::pendingSecretSince))
          .flatMap(Optional::stream).min(Instant::compareTo);
      if (since.isEmpty()) continue;
      Optional<String> delivered = secrets.deliveredKeyId(app.key());
      reg.ifPresent(r -> {
        for (PasswordCredential p : r.passwordCredentials()) {
          if (Objects.equals(p.displayName(), app.secret().displayName()) && p.startDateTime() != null
              && !p.startDateTime().isBefore(since.get())
              && !delivered.map(k -> k.equalsIgnoreCase(p.keyId())).orElse(false)) {
            undelivered.add(p.keyId().toLowerCase(Locale.ROOT));
          }
        }
      });
    }
    return new Differ.SecretLedger(undelivered, undeliveredCertificates(m, tenant, secrets));
  }

  /**
   * Certificates appreg made after a run marked the key pending (in the registration's tag or the secret directory),
   * whose private key the secret directory never received: their thumbprint is not the one it last got.
   */
  private static Set<String> undeliveredCertificates(Manifest m, ObservedTenant tenant, SecretDestination secrets) {
    Set<String> undelivered = new LinkedHashSet<>();
    Optional<appreg.provisioning.secret.KeyDestination> keys = secrets.keys();
    for (ApplicationSpec app : m.applications()) {
      if (app.certificate() == null || !app.certificate().generated()) continue;
      Optional<Registration> reg = keyed(tenant, app);
      Optional<Instant> since = java.util.stream.Stream.of(keys.flatMap(k -> k.pendingSince(app.key())),
              reg.flatMap(Registration::pendingCertificateSince))
          .flatMap(Optional::stream).min(Instant::compareTo);
      if (since.isEmpty() || reg.isEmpty()) continue;
      Optional<String> delivered = keys.flatMap(k -> k.deliveredThumbprint(app.key()));
      for (var k : reg.get().keyCredentials()) {
        if (Objects.equals(k.displayName(), app.certificate().displayName()) && k.startDateTime() != null
            && !k.startDateTime().isBefore(since.get())
            && !delivered.map(t -> t.equalsIgnoreCase(k.thumbprint())).orElse(false)) {
          undelivered.add(k.keyId().toLowerCase(Locale.ROOT));
        }
      }
    }
    return undelivered;
  }
}
