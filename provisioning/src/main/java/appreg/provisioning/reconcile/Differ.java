package appreg.provisioning.reconcile;

import appreg.provisioning.ManifestException;
import appreg.provisioning.desired.DesiredState;
import appreg.provisioning.desired.DesiredState.DesiredApi;
import appreg.provisioning.desired.DesiredState.DesiredApplication;
import appreg.provisioning.desired.DesiredState.DesiredOwner;
import appreg.provisioning.desired.DesiredState.DesiredPermission;
import appreg.provisioning.desired.DesiredState.DesiredRole;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.SecretSpec;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RegistrationPatch;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.ResourceAccess;
import appreg.provisioning.tenant.ServicePrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what the manifest wants with what the tenant holds and pairs each difference with the action that removes
 * it. Pure: no network, no files, no clock ({@code now} is given).
 */
public final class Differ {
  /** Tag an appreg-managed registration carries once a same-named registration has been shown to the admin. */
  public static final String REVIEWED_DUPLICATE_TAG = "appreg:reviewed-duplicate:";

  private Differ() {}

  private static final String AWAITS_API = " cannot be checked until the API's service principal exists (its permission "
      + "ids come from it)";

  /** A permission of an API whose service principal is missing: known only once apply has created it. */
  public static boolean awaitsApi(Drift d) {
    return (d.kind() == DriftKind.PERMISSION_MISSING || d.kind() == DriftKind.PERMISSION_EXTRA) && d.detail().endsWith(AWAITS_API);
  }

  /**
   * What appreg knows about credentials it issued, from its own records (the secret directory's ledger and the
   * registrations' pending tags): secrets and certificates (key ids, lower case) that never reached their destination.
   */
  public record SecretLedger(Set<String> undeliveredKeyIds, Set<String> undeliveredCertificateKeyIds) {
    public static final SecretLedger NONE = new SecretLedger(Set.of(), Set.of());

    public SecretLedger {
      undeliveredKeyIds = Set.copyOf(undeliveredKeyIds);
      undeliveredCertificateKeyIds = Set.copyOf(undeliveredCertificateKeyIds);
    }

    public SecretLedger(Set<String> undeliveredKeyIds) {
      this(undeliveredKeyIds, Set.of());
    }
  }

  public static List<Step> diff(DesiredState desired, ObservedTenant tenant, Instant now, SecretLedger ledger) {
    List<Step> steps = new ArrayList<>();
    for (DesiredApplication app : desired.applications()) {
      new ForApplication(app, tenant, now, ledger, steps).run();
    }
    return steps;
  }

  /**
   * What the plan reports and leaves alone: federated credentials of a managed registration that the manifest does
   * not name (appreg never deletes a trust it did not declare; FEDERATED_CREDENTIAL_EXTRA is deliberately no drift kind).
   */
  public static List<Plan.Note> notes(DesiredState desired, ObservedTenant tenant) {
    List<Plan.Note> out = new ArrayList<>();
    for (DesiredApplication app : desired.applications()) {
      ApplicationSpec spec = app.spec();
      Optional<Registration> reg = tenant.registrations().stream().filter(r -> r.carriesKey(spec.key())).findFirst()
          .or(() -> spec.appId() == null ? Optional.empty() : tenant.registrationByAppId(spec.appId()));
      if (reg.isEmpty()) continue;
      Set<String> named = new HashSet<>();
      spec.federatedCredentials().forEach(f -> named.add(f.name().toLowerCase(Locale.ROOT)));
      for (var f : reg.get().federatedCredentials()) {
        if (named.contains(f.name().toLowerCase(Locale.ROOT))) continue;
        out.add(new Plan.Note(spec.key(), "federated credential '" + f.name() + "' (issuer " + f.issuer() + ", subject "
            + f.subject() + ") is not in the manifest; appreg leaves it alone"));
      }
    }
    return out;
  }

  private static final class ForApplication {
    private final DesiredApplication app;
    private final ApplicationSpec spec;
    private final ObservedTenant tenant;
    private final Instant now;
    private final SecretLedger ledger;
    private final List<Step> steps;
    private final String key;

    ForApplication(DesiredApplication app, ObservedTenant tenant, Instant now, SecretLedger ledger, List<Step> steps) {
      this.app = app;
      this.spec = app.spec();
      this.tenant = tenant;
      this.now = now;
      this.ledger = ledger;
      this.steps = steps;
      this.key = app.key();
    }

    void run() {
      Optional<Registration> reg = registration();
      List<Registration> duplicates = duplicates(reg);
      List<String> tags = reg.map(Registration::tags).orElse(List.of());
      Set<String> newTags = new LinkedHashSet<>(tags);
      newTags.add(Registration.KEY_TAG_PREFIX + key);
      if (reg.isEmpty() && spec.secret() != null) {
        // a new registration will get a secret in this run: mark it pending from the start, at no extra request
        newTags.add(Registration.PENDING_SECRET_TAG_PREFIX + now.minus(Duration.ofHours(1)));
      }
      if (reg.isEmpty() && spec.certificate() != null && spec.certificate().generated()) {
        newTags.add(Registration.PENDING_CERTIFICATE_TAG_PREFIX + now.minus(Duration.ofHours(1)));
      }
      List<Drift> duplicateDrifts = new ArrayList<>();
      for (Registration d : duplicates) {
        String tag = REVIEWED_DUPLICATE_TAG + d.id();
        if (tags.contains(tag)) continue;
        Drift drift = drift(DriftKind.APP_DUPLICATE, "registration " + d.appId() + " (object " + d.id() + ") is also named '"
            + d.displayName() + "' but is not the one keyed '" + key + "'; appreg leaves it alone");
        steps.add(new Step(drift, new Action.ManualStep(key, "review registration '" + d.displayName() + "' (appId "
            + d.appId() + "): rename or delete it if it is not needed; appreg never changes it")));
        duplicateDrifts.add(drift);
        newTags.add(tag);
      }

      List<Drift> markDrifts = new ArrayList<>();
      Optional<String> mark = tags.stream().filter(t -> t.startsWith(Registration.PENDING_SECRET_TAG_PREFIX)).findFirst();
      if (mark.isPresent() && !secretWork(reg)) {
        // A run marks a secret pending before addPassword and clears the mark once it is delivered; a run stopped in
        // between (killed, or the clearing write failed) leaves the mark. When no secret of this key is undelivered and
        // none is to be issued, the mark stands for nothing: clear it, so a converged run leaves none behind.
        newTags.removeIf(t -> t.startsWith(Registration.PENDING_SECRET_TAG_PREFIX));
        markDrifts.add(drift(DriftKind.PROPERTY_MISMATCH, "tag " + mark.get() + " is left from a run that stopped after "
            + "delivering its secret; no secret is pending"));
      }

      List<RequiredResource> wantedAccess = requiredResourceAccess(reg);
      if (reg.isEmpty()) {
        created(wantedAccess, new ArrayList<>(newTags), duplicateDrifts);
      } else {
        existing(reg.get(), wantedAccess, new ArrayList<>(newTags), duplicateDrifts, markDrifts);
      }

      Optional<ServicePrincipal> sp = reg.flatMap(r -> tenant.servicePrincipalFor(r.appId()));
      if (sp.isEmpty()) {
        steps.add(new Step(drift(DriftKind.SP_MISSING, "the registration has no service principal in this tenant"),
            new Action.CreateServicePrincipal(key, null, "'" + displayName(reg) + "'")));
      }
      owners(reg);
      if (spec.adminConsent()) consent(sp);
      if (spec.secret() != null) secrets(reg, spec.secret());
      if (spec.certificate() != null) new CertificateDiff(key, spec.certificate(), reg, now, ledger, steps).run();
      if (!spec.federatedCredentials().isEmpty()) new FederatedDiff(key, spec.federatedCredentials(), reg, steps).run();
      roles(sp);
    }

    /**
     * Declared owners missing from the registration are added; owners it has beyond them stay (appreg never removes
     * an owner: that could lock people out). With none declared, a delegated run makes the signed-in user the owner
     * of a registration that has none.
     */
    private void owners(Optional<Registration> reg) {
      List<ObjectId> have = reg.isEmpty() ? List.of() : tenant.owners().get(reg.get().id());
      List<DesiredOwner> wanted = !app.owners().isEmpty() ? app.owners()
          : app.defaultOwner() != null && have != null && have.isEmpty() ? List.of(app.defaultOwner()) : List.of();
      for (DesiredOwner o : wanted) {
        if (have != null && have.contains(o.id())) continue;
        String detail = reg.isEmpty() ? "the new registration needs its owner " + o.label()
            : o.label() + " is not an owner of the registration" + (app.owners().isEmpty() ? ", which has none" : "");
        steps.add(new Step(drift(DriftKind.OWNER_MISSING, detail), new Action.AddOwner(key, o.id(), o.label())));
      }
    }

    private String displayName(Optional<Registration> reg) {
      return spec.displayName() != null && !spec.displayName().isBlank() ? spec.displayName()
          : reg.map(Registration::displayName).orElse(key);
    }

    private Optional<Registration> registration() {
      List<Registration> claimants = tenant.registrations().stream().filter(r -> r.carriesKey(key)).toList();
      if (claimants.size() > 1) {
        List<Registration> withUniqueName = claimants.stream().filter(r -> key.equals(r.uniqueName())).toList();
        for (Registration other : claimants) {
          if (withUniqueName.size() == 1 && other == withUniqueName.get(0)) continue;
          steps.add(new Step(drift(DriftKind.APP_DUPLICATE, "registration " + other.appId() + " ('" + other.displayName()
                  + "') also carries the key '" + key + "' (tag " + Registration.KEY_TAG_PREFIX + key + ")"),
              new Action.ManualStep(key, "two registrations claim the key '" + key + "': remove the tag "
                  + Registration.KEY_TAG_PREFIX + key + " from the one that is not managed by this manifest (appId "
                  + other.appId() + "); apply refuses to write until then", true)));
        }
        if (withUniqueName.size() == 1) return Optional.of(withUniqueName.get(0));
        return Optional.of(claimants.get(0));
      }
      Optional<Registration> byKey = claimants.stream().findFirst();
      if (spec.appId() == null) return byKey;
      Optional<Registration> byAppId = tenant.registrationByAppId(spec.appId());
      if (byKey.isPresent() && byAppId.isPresent() && !byKey.get().id().equals(byAppId.get().id())) {
        throw invalid("key '" + key + "' already belongs to registration " + byKey.get().appId()
            + ", not to the appId " + spec.appId() + " this manifest adopts");
      }
      if (byKey.isPresent()) return byKey;
      if (byAppId.isEmpty()) {
        throw invalid("no registration with appId " + spec.appId() + " in this tenant to adopt");
      }
      String other = byAppId.get().uniqueName();
      if (other != null && !other.isBlank() && !other.equals(key)) {
        throw invalid("registration " + spec.appId() + " already has the key (uniqueName) '" + other
            + "', which Graph does not allow to change; use that key in the manifest");
      }
      return byAppId;
    }

    private ManifestException invalid(String problem) {
      var w = spec.where();
      return w == null ? new ManifestException(null, 0, 0, problem) : new ManifestException(w.file(), w.line(), w.column(), problem);
    }

    private List<Registration> duplicates(Optional<Registration> keyed) {
      String name = displayName(keyed);
      return tenant.registrations().stream()
          .filter(r -> r.displayName().equalsIgnoreCase(name))
          .filter(r -> keyed.map(k -> !k.id().equals(r.id())).orElse(true))
          .filter(r -> !r.carriesKey(key))
          .sorted(Comparator.comparing(r -> r.id().value()))
          .toList();
    }

    private void created(List<RequiredResource> access, List<String> tags, List<Drift> duplicateDrifts) {
      var change = new RegistrationPatch(displayName(Optional.empty()), spec.signInAudience(),
          spec.webRedirectUris(), spec.spaRedirectUris(), spec.publicClientRedirectUris(), access,
          tags.isEmpty() ? null : tags, List.of("all"));
      Action create = new Action.CreateRegistration(key, change);
      steps.add(new Step(drift(DriftKind.APP_MISSING, "no registration with uniqueName '" + key + "'"), create));
      for (DesiredApi api : app.apis()) {
        for (DesiredPermission p : api.delegated()) steps.add(new Step(permissionDrift(DriftKind.PERMISSION_MISSING, api, "delegated", p), create));
        for (DesiredPermission p : api.application()) steps.add(new Step(permissionDrift(DriftKind.PERMISSION_MISSING, api, "application", p), create));
      }
    }

    private void existing(Registration reg, List<RequiredResource> access, List<String> tags, List<Drift> duplicateDrifts,
                          List<Drift> markDrifts) {
      List<String> changed = new ArrayList<>();
      List<Drift> drifts = new ArrayList<>(markDrifts);
      boolean adopt = reg.uniqueName() == null || reg.uniqueName().isBlank();
      String wantName = spec.displayName() != null && !spec.displayName().isBlank() ? spec.displayName() : null;
      if (wantName != null && !wantName.equals(reg.displayName())) {
        changed.add("displayName");
        drifts.add(drift(DriftKind.PROPERTY_MISMATCH, "displayName is '" + reg.displayName() + "', manifest says '" + wantName + "'"));
      }
      if (!spec.signInAudience().equals(reg.signInAudience())) {
        changed.add("signInAudience");
        drifts.add(drift(DriftKind.PROPERTY_MISMATCH, "signInAudience is " + reg.signInAudience() + ", manifest says " + spec.signInAudience()));
      }
      uris("web redirect URIs", "web", spec.webRedirectUris(), reg.webRedirectUris(), changed, drifts);
      uris("spa redirect URIs", "spa", spec.spaRedirectUris(), reg.spaRedirectUris(), changed, drifts);
      uris("public client redirect URIs", "publicClient", spec.publicClientRedirectUris(), reg.publicClientRedirectUris(), changed, drifts);

      boolean accessChanged = permissions(reg, drifts);
      if (accessChanged) changed.add("requiredResourceAccess");
      boolean tagsChanged = !new HashSet<>(tags).equals(new HashSet<>(reg.tags()));
      if (tagsChanged) changed.add("tags");
      if (!changed.isEmpty() || adopt) {
        var change = new RegistrationPatch(
            changed.contains("displayName") || adopt ? (wantName != null ? wantName : reg.displayName()) : null,
            changed.contains("signInAudience") ? spec.signInAudience() : null,
            changed.contains("web") ? spec.webRedirectUris() : null,
            changed.contains("spa") ? spec.spaRedirectUris() : null,
            changed.contains("publicClient") ? spec.publicClientRedirectUris() : null,
            accessChanged ? access : null,
            tagsChanged ? tags : null,
            changed.isEmpty() ? List.of("uniqueName") : changed);
        Action action = adopt
            ? new Action.AdoptRegistration(key, reg.id(), reg.appId(), change)
            : new Action.UpdateRegistration(key, reg.id(), change);
        if (adopt) {
          drifts.add(0, drift(DriftKind.PROPERTY_MISMATCH, "registration " + reg.appId() + " has no uniqueName; it is adopted under the key '" + key + "'"));
        }
        if (tagsChanged && drifts.isEmpty()) {
          // only tags differ: a duplicate to record as reviewed (paired with its APP_DUPLICATE drift), or merely a
          // missing appreg:key tag on a registration found by uniqueName, which is not drift and is written with
          // the next real change
          for (Drift d : duplicateDrifts) steps.add(new Step(d, action));
          return;
        }
        for (Drift d : drifts) steps.add(new Step(d, action));
      }
    }

    private void uris(String label, String property, List<String> want, List<String> have, List<String> changed, List<Drift> drifts) {
      if (want.isEmpty()) return;   // not managed by this manifest
      if (new LinkedHashSet<>(want).equals(new LinkedHashSet<>(have))) return;
      changed.add(property);
      drifts.add(drift(DriftKind.PROPERTY_MISMATCH, label + " are " + have + ", manifest says " + want));
    }

    /** Records PERMISSION_MISSING / PERMISSION_EXTRA; true when requiredResourceAccess must be rewritten. */
    private boolean permissions(Registration reg, List<Drift> drifts) {
      boolean changed = false;
      Set<String> have = new HashSet<>();
      for (RequiredResource r : reg.requiredResourceAccess()) {
        for (ResourceAccess a : r.access()) have.add(r.resourceAppId() + "/" + a.type() + "/" + a.id());
      }
      Set<String> want = new HashSet<>();
      for (DesiredApi api : app.apis()) {
        for (DesiredPermission p : api.delegated()) {
          if (p.id() == null) {
            drifts.add(permissionDrift(DriftKind.PERMISSION_MISSING, api, "delegated", p));
            changed = true;
            continue;
          }
          String id = api.appId() + "/" + PermissionType.SCOPE + "/" + p.id();
          want.add(id);
          if (!have.contains(id)) {
            drifts.add(permissionDrift(DriftKind.PERMISSION_MISSING, api, "delegated", p));
            changed = true;
          }
        }
        for (DesiredPermission p : api.application()) {
          if (p.id() == null) {
            drifts.add(permissionDrift(DriftKind.PERMISSION_MISSING, api, "application", p));
            changed = true;
            continue;
          }
          String id = api.appId() + "/" + PermissionType.ROLE + "/" + p.id();
          want.add(id);
          if (!have.contains(id)) {
            drifts.add(permissionDrift(DriftKind.PERMISSION_MISSING, api, "application", p));
            changed = true;
          }
        }
      }
      for (RequiredResource r : reg.requiredResourceAccess()) {
        for (ResourceAccess a : r.access()) {
          String id = r.resourceAppId() + "/" + a.type() + "/" + a.id();
          if (want.contains(id)) continue;
          boolean unresolvedApi = app.apis().stream().anyMatch(api -> api.appId().equals(r.resourceAppId()) && !api.resolved());
          if (unresolvedApi) continue;
          drifts.add(drift(DriftKind.PERMISSION_EXTRA, apiLabel(r.resourceAppId()) + " " + typeLabel(a.type()) + " "
              + permissionName(r.resourceAppId(), a) + " is requested but not in the manifest"));
          changed = true;
        }
      }
      return changed;
    }

    private String apiLabel(AppId appId) {
      return app.apis().stream().filter(a -> a.appId().equals(appId)).map(DesiredApi::name).findFirst()
          .or(() -> tenant.servicePrincipalFor(appId).map(ServicePrincipal::displayName))
          .orElse(appId.value());
    }

    private String permissionName(AppId api, ResourceAccess a) {
      Optional<ServicePrincipal> sp = tenant.servicePrincipalFor(api);
      if (sp.isEmpty()) return a.id();
      if (a.type() == PermissionType.SCOPE) {
        return sp.get().oauth2PermissionScopes().stream().filter(s -> s.id().equals(a.id())).map(s -> s.value()).findFirst().orElse(a.id());
      }
      return sp.get().appRoles().stream().filter(r -> r.id().equals(a.id())).map(r -> r.value()).findFirst().orElse(a.id());
    }

    private static String typeLabel(PermissionType t) {
      return t == PermissionType.SCOPE ? "delegated" : "application";
    }

    private Drift permissionDrift(DriftKind kind, DesiredApi api, String type, DesiredPermission p) {
      if (p.id() == null) {
        return drift(kind, api.name() + " " + type + " " + p.name() + AWAITS_API);
      }
      return drift(kind, api.name() + " " + type + " " + p.name() + " is not requested");
    }

    private List<RequiredResource> requiredResourceAccess(Optional<Registration> reg) {
      List<RequiredResource> out = new ArrayList<>();
      for (DesiredApi api : app.apis()) {
        List<ResourceAccess> access = new ArrayList<>();
        for (DesiredPermission p : api.delegated()) if (p.id() != null) access.add(new ResourceAccess(p.id(), PermissionType.SCOPE));
        for (DesiredPermission p : api.application()) if (p.id() != null) access.add(new ResourceAccess(p.id(), PermissionType.ROLE));
        if (!api.resolved()) {
          // keep what the registration already requests of an API whose names cannot be resolved yet
          reg.flatMap(r -> r.requiredResourceAccess().stream().filter(x -> x.resourceAppId().equals(api.appId())).findFirst())
              .ifPresent(x -> access.addAll(x.access()));
        }
        if (!access.isEmpty()) out.add(new RequiredResource(api.appId(), access));
      }
      return out;
    }

    private void consent(Optional<ServicePrincipal> sp) {
      List<DelegatedGrant> grants = sp.map(s -> tenant.grants().stream()
          .filter(g -> g.clientId().equals(s.id()) && g.forAllPrincipals()).toList()).orElse(List.of());
      List<AppRoleAssignment> assignments = sp.map(s -> tenant.appRoleAssignments().stream()
          .filter(a -> a.principalId().equals(s.id())).toList()).orElse(List.of());
      Set<ObjectId> delegatedApis = new HashSet<>();
      Set<String> wantedRoles = new HashSet<>();
      for (DesiredApi api : app.apis()) {
        if (!api.delegated().isEmpty()) {
          Set<String> want = new TreeSet<>();
          api.delegated().forEach(p -> want.add(p.name()));
          Optional<DelegatedGrant> grant = api.resolved()
              ? grants.stream().filter(g -> g.resourceId().equals(api.resourceSp())).findFirst() : Optional.empty();
          if (api.resolved()) delegatedApis.add(api.resourceSp());
          if (grant.isEmpty()) {
            steps.add(new Step(drift(DriftKind.CONSENT_MISSING, "no admin consent for " + api.name() + " " + String.join(" ", want)),
                new Action.GrantAdminConsent(key, api.appId(), api.name(), null, want)));
          } else {
            Set<String> have = grant.get().scopes();
            Set<String> missing = new TreeSet<>(want);
            missing.removeIf(w -> have.stream().anyMatch(h -> h.equalsIgnoreCase(w)));
            Set<String> extra = new TreeSet<>();
            for (String h : have) if (want.stream().noneMatch(h::equalsIgnoreCase)) extra.add(h);
            Action fix = new Action.GrantAdminConsent(key, api.appId(), api.name(), grant.get().id(), want);
            if (!missing.isEmpty()) {
              steps.add(new Step(drift(DriftKind.CONSENT_MISSING, "admin consent for " + api.name() + " lacks " + String.join(" ", missing)), fix));
            }
            if (!extra.isEmpty()) {
              steps.add(new Step(drift(DriftKind.CONSENT_EXTRA, "admin consent for " + api.name() + " also grants " + String.join(" ", extra)), fix));
            }
          }
        }
        for (DesiredPermission p : api.application()) {
          if (api.resolved() && p.id() != null) wantedRoles.add(api.resourceSp() + "/" + p.id());
          boolean held = api.resolved() && p.id() != null && assignments.stream()
              .anyMatch(a -> a.resourceId().equals(api.resourceSp()) && a.appRoleId().equals(p.id()));
          if (!held) {
            steps.add(new Step(drift(DriftKind.CONSENT_MISSING, "no admin consent for " + api.name() + " application permission " + p.name()),
                new Action.AssignAppRole(key, api.appId(), api.name(), p.id(), p.name())));
          }
        }
      }
      for (DelegatedGrant g : grants) {
        if (delegatedApis.contains(g.resourceId())) continue;
        boolean unresolved = app.apis().stream().anyMatch(a -> !a.resolved());
        if (unresolved && app.apis().stream().noneMatch(DesiredApi::resolved)) continue;
        String api = tenant.servicePrincipal(g.resourceId()).map(ServicePrincipal::displayName).orElse(g.resourceId().value());
        steps.add(new Step(drift(DriftKind.CONSENT_EXTRA, "admin consent for " + api + " (" + String.join(" ", g.scopes())
            + ") is not in the manifest"), new Action.RevokeAdminConsent(key, g.id(), api, g.scopes())));
      }
      for (AppRoleAssignment a : assignments) {
        if (wantedRoles.contains(a.resourceId() + "/" + a.appRoleId())) continue;
        Optional<ServicePrincipal> res = tenant.servicePrincipal(a.resourceId());
        String api = res.map(ServicePrincipal::displayName).orElse(a.resourceId().value());
        String name = res.flatMap(r -> r.appRoles().stream().filter(x -> x.id().equals(a.appRoleId())).map(x -> x.value()).findFirst())
            .orElse(a.appRoleId());
        steps.add(new Step(drift(DriftKind.CONSENT_EXTRA, api + " application permission " + name + " is consented but not in the manifest"),
            new Action.RevokeAppRole(key, a.principalId(), a.id(), api, name)));
      }
    }

    /** The managed secrets of a registration as this run sees them, and the drift that asks for a new one (or null). */
    private record SecretState(List<PasswordCredential> orphans, List<PasswordCredential> expired, Drift kind) {}

    /** True when this run issues or revokes a secret of this key, so that a pending mark still means something. */
    private boolean secretWork(Optional<Registration> reg) {
      if (spec.secret() == null) return false;
      SecretState s = secretState(reg, spec.secret());
      return s.kind() != null || !s.orphans().isEmpty();
    }

    private SecretState secretState(Optional<Registration> reg, SecretSpec secret) {
      List<PasswordCredential> managed = reg.map(r -> r.passwordCredentials().stream()
          .filter(p -> Objects.equals(p.displayName(), secret.displayName())).toList()).orElse(List.of());
      List<PasswordCredential> orphans = managed.stream().filter(p -> ledger.undeliveredKeyIds().contains(p.keyId().toLowerCase(Locale.ROOT))).toList();
      List<PasswordCredential> expired = managed.stream().filter(p -> p.expiredAt(now)).toList();
      // not valid yet: starts in the future (beyond an hour of clock skew, so a secret Entra just issued never flaps)
      List<PasswordCredential> valid = managed.stream().filter(p -> !p.expiredAt(now) && !orphans.contains(p)
          && (p.startDateTime() == null || !p.startDateTime().isAfter(now.plus(Duration.ofHours(1))))).toList();
      Drift kind;
      if (valid.isEmpty()) {
        kind = expired.isEmpty()
            ? drift(DriftKind.SECRET_MISSING, "no valid client secret named '" + secret.displayName() + "'"
                + (orphans.isEmpty() ? "" : " (" + orphans.size() + " issued by an interrupted run and never delivered)"))
            : drift(DriftKind.SECRET_EXPIRED, "every client secret named '" + secret.displayName() + "' has expired (newest ended "
                + newest(expired).endDateTime() + ")");
      } else {
        PasswordCredential newest = newest(valid);
        Instant end = newest.endDateTime();
        if (end != null && !end.isAfter(now.plus(Duration.ofDays(secret.rotateWithinDays())))) {
          kind = drift(DriftKind.SECRET_EXPIRING, "the newest client secret (" + newest.keyId() + ") expires " + end
              + ", within rotateWithinDays " + secret.rotateWithinDays());
        } else {
          kind = null;
        }
      }
      return new SecretState(orphans, expired, kind);
    }

    private void secrets(Optional<Registration> reg, SecretSpec secret) {
      SecretState state = secretState(reg, secret);
      List<PasswordCredential> orphans = state.orphans();
      List<PasswordCredential> expired = state.expired();
      Drift kind = state.kind();
      List<Step> revokeOrphans = new ArrayList<>();
      for (PasswordCredential o : orphans) {
        revokeOrphans.add(new Step(kind != null ? kind : drift(DriftKind.SECRET_MISSING, "secret " + o.keyId() + " was never delivered"),
            new Action.RevokeSecret(key, reg.get().id(), o.keyId(), "issued by an interrupted run, never delivered")));
      }
      steps.addAll(revokeOrphans);
      if (kind != null) {
        Optional<String> refusal = SecretPolicy.refusal(tenant.policies().appManagement(), secret.lifetimeDays(),
            reg.map(Registration::createdDateTime).orElse(null), now);
        if (refusal.isPresent()) kind = new Drift(kind.application(), kind.kind(), kind.detail() + "; apply will stop: " + refusal.get());
        steps.add(new Step(kind, new Action.IssueSecret(key, secret.displayName(), secret.lifetimeDays(),
            expired.stream().map(PasswordCredential::keyId).toList())));
      } else if (!expired.isEmpty()) {
        for (PasswordCredential e : expired) {
          steps.add(new Step(drift(DriftKind.SECRET_EXPIRED, "client secret " + e.keyId() + " ended " + e.endDateTime()),
              new Action.RevokeSecret(key, reg.get().id(), e.keyId(), "expired " + e.endDateTime())));
        }
      }
    }

    private static PasswordCredential newest(List<PasswordCredential> in) {
      return in.stream().max(Comparator.comparing(p -> p.endDateTime() == null ? Instant.MAX : p.endDateTime())).orElseThrow();
    }

    private void roles(Optional<ServicePrincipal> sp) {
      for (DesiredRole r : app.roles()) {
        ObjectId principal = r.principal() != null ? r.principal() : sp.map(ServicePrincipal::id).orElse(null);
        boolean held = principal != null && tenant.roleAssignments().stream().anyMatch(a -> a.principalId().equals(principal)
            && (a.roleDefinitionId().equalsIgnoreCase(r.roleDefinitionId())
                || (r.templateId() != null && a.roleDefinitionId().equalsIgnoreCase(r.templateId())))
            && (a.directoryScopeId() == null || a.directoryScopeId().equals("/")));
        if (!held) {
          steps.add(new Step(drift(DriftKind.ROLE_ASSIGNMENT_MISSING, r.role() + " is not assigned to " + r.assignee()),
              new Action.AssignRole(key, r.roleDefinitionId(), r.role(), r.principal(), r.assignee())));
        }
      }
    }

    private Drift drift(DriftKind kind, String detail) {
      return new Drift(key, kind, detail);
    }
  }
}
