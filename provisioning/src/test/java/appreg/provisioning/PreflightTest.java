package appreg.provisioning;

import static appreg.provisioning.reconcile.Fixtures.NOW;
import static appreg.provisioning.reconcile.Fixtures.app;
import static appreg.provisioning.reconcile.Fixtures.fresh;
import static appreg.provisioning.reconcile.Fixtures.inSync;
import static appreg.provisioning.reconcile.Fixtures.keyedRegistration;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import appreg.provisioning.desired.Resolver;
import appreg.provisioning.graph.CallerClaims;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.reconcile.Fixtures;
import appreg.provisioning.secret.DeliveryException;
import appreg.provisioning.secret.SecretDelivery;
import appreg.provisioning.secret.SecretDestination;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.TenantPolicies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What apply refuses before its first write, and in which order the refusals are looked for. */
class PreflightTest {
  private static final Optional<CallerClaims> EVERYTHING = Optional.of(new CallerClaims("tenant-1", true,
      Set.of("Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All", "AppRoleAssignment.ReadWrite.All",
          "RoleManagement.ReadWrite.Directory"), Set.of(), Set.of(), ""));
  private static final Optional<CallerClaims> READER = Optional.of(new CallerClaims("tenant-1", true,
      Set.of("Application.Read.All"), Set.of(), Set.of(), ""));

  /** A plan as apply makes it: the manifest, what was read, what it resolves to and the steps. */
  private static Provisioner.PlanResult planned(Manifest m, ObservedTenant t) {
    return new Provisioner.PlanResult(m, t, Resolver.resolve(m, t), Fixtures.plan(m, t));
  }

  private static ObservedTenant withPolicy(ObservedTenant t, Map<String, Object> policy) {
    return new ObservedTenant(t.organization(), t.registrations(), t.servicePrincipals(), t.grants(),
        t.appRoleAssignments(), t.roleDefinitions(), t.roleAssignments(), t.users(), t.owners(),
        new TenantPolicies(policy, null));
  }

  private static final Map<String, Object> SECRETS_UNDER_90_DAYS = Map.of("id", "00000000-0000-0000-0000-000000000000",
      "isEnabled", true, "applicationRestrictions", Map.of("passwordCredentials",
          List.of(Map.of("restrictionType", "passwordLifetime", "maxLifetime", "P90D"))));

  /** Checks that it was asked about each key; fails them all when told to. */
  private static final class Destination implements SecretDestination {
    final List<String> checked = new ArrayList<>();
    boolean refuse;

    @Override public String describe(String key) { return "/secrets/" + key + ".json"; }
    @Override public void check(String key) {
      checked.add(key);
      if (refuse) throw new DeliveryException("/secrets is read-only");
    }
    @Override public void deliver(SecretDelivery delivery) { throw new AssertionError("preflight delivers nothing"); }
    @Override public void markPending(String key, Instant issuedAfter) { throw new AssertionError("preflight marks nothing"); }
    @Override public void clearPending(String key) { throw new AssertionError("preflight clears nothing"); }
    @Override public Optional<Instant> pendingSince(String key) { return Optional.empty(); }
  }

  @Test
  void aPlanInSyncPassesWithoutAskingAnything() {
    var d = new Destination();
    d.refuse = true;
    assertDoesNotThrow(() -> Preflight.check(planned(app().manifest(), inSync().build()), d, READER, NOW));
    assertEquals(List.of(), d.checked);
  }

  @Test
  void aNewSecretWithNowhereToGoIsAUsageError() {
    var e = assertThrows(UsageException.class,
        () -> Preflight.check(planned(app().manifest(), fresh().build()), null, EVERYTHING, NOW));
    assertEquals("'partner-referrals' needs a new client secret (SECRET_MISSING) and there is nowhere to deliver it: give "
        + "--secret-dir DIR or --show-secret; nothing was changed", e.getMessage());
  }

  @Test
  void theDestinationIsAskedWhetherItCanTakeTheSecret() {
    var d = new Destination();
    assertDoesNotThrow(() -> Preflight.check(planned(app().manifest(), fresh().build()), d, EVERYTHING, NOW));
    assertEquals(List.of("partner-referrals"), d.checked);

    d.refuse = true;
    var e = assertThrows(DeliveryException.class,
        () -> Preflight.check(planned(app().manifest(), fresh().build()), d, EVERYTHING, NOW));
    assertEquals("/secrets is read-only", e.getMessage());
  }

  @Test
  void aPolicyThatWouldRefuseTheSecretStopsTheRun() {
    var t = withPolicy(fresh().build(), SECRETS_UNDER_90_DAYS);
    var e = assertThrows(RefusedException.class,
        () -> Preflight.check(planned(app().manifest(), t), new Destination(), EVERYTHING, NOW));
    assertEquals(true, e.getMessage().startsWith("'partner-referrals' needs a new client secret, but "), e.getMessage());
    assertEquals(true, e.getMessage().endsWith("; nothing was changed"), e.getMessage());
  }

  @Test
  void twoRegistrationsClaimingTheKeyBlockTheRun() {
    Registration copy = Fixtures.registration(new appreg.provisioning.tenant.ObjectId("copy"),
        new appreg.provisioning.tenant.AppId("22222222-2222-2222-2222-222222222222"), "Copy", null, List.of(), List.of(),
        List.of(Registration.KEY_TAG_PREFIX + Fixtures.KEY));
    var t = inSync().registration(copy).build();
    var e = assertThrows(RefusedException.class,
        () -> Preflight.check(planned(app().manifest(), t), new Destination(), EVERYTHING, NOW));
    assertEquals(true, e.getMessage().startsWith("refusing to write: "), e.getMessage());
  }

  @Test
  void aTokenThatMayOnlyReadIsStoppedNamingWhatItLacks() {
    var e = assertThrows(MissingPrivilegeException.class,
        () -> Preflight.check(planned(app().manifest(), fresh().build()), new Destination(), READER, NOW));
    assertEquals("writing the registration", e.step());
  }

  @Test
  void whereTheSecretGoesIsJudgedBeforeThePrivileges() {
    assertThrows(UsageException.class,
        () -> Preflight.check(planned(app().manifest(), fresh().build()), null, READER, NOW));
  }

  @Test
  void aBlockingManualStepIsJudgedBeforeThePrivileges() {
    Registration copy = Fixtures.registration(new appreg.provisioning.tenant.ObjectId("copy"),
        new appreg.provisioning.tenant.AppId("22222222-2222-2222-2222-222222222222"), "Copy", null, List.of(), List.of(),
        List.of(Registration.KEY_TAG_PREFIX + Fixtures.KEY));
    var t = fresh().registration(keyedRegistration()).registration(copy).build();
    assertThrows(RefusedException.class,
        () -> Preflight.check(planned(app().manifest(), t), new Destination(), READER, NOW));
  }
}
