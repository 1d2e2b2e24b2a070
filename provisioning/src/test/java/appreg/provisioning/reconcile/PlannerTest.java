package appreg.provisioning.reconcile;

import static appreg.provisioning.reconcile.Fixtures.ADMIN_UPN;
import static appreg.provisioning.reconcile.Fixtures.PARTNER_SP;
import static appreg.provisioning.reconcile.Fixtures.app;
import static appreg.provisioning.reconcile.Fixtures.fresh;
import static appreg.provisioning.reconcile.Fixtures.inSync;
import static appreg.provisioning.reconcile.Fixtures.kinds;
import static appreg.provisioning.reconcile.Fixtures.lines;
import static appreg.provisioning.reconcile.Fixtures.permission;
import static appreg.provisioning.reconcile.Fixtures.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.tenant.WellKnown;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
  /**
   * The contract's order: registration, resource service principals, permissions, SP and owners, consent, credentials
   * (secret, certificate, federated credentials), roles.
   */
  private static final List<List<DriftKind>> ORDER = List.of(
      List.of(DriftKind.APP_MISSING, DriftKind.APP_DUPLICATE, DriftKind.PROPERTY_MISMATCH),
      List.of(DriftKind.RESOURCE_SP_MISSING),
      List.of(DriftKind.PERMISSION_MISSING, DriftKind.PERMISSION_EXTRA),
      List.of(DriftKind.SP_MISSING, DriftKind.OWNER_MISSING),
      List.of(DriftKind.CONSENT_MISSING, DriftKind.CONSENT_EXTRA),
      List.of(DriftKind.SECRET_MISSING, DriftKind.SECRET_EXPIRING, DriftKind.SECRET_EXPIRED,
          DriftKind.CERTIFICATE_MISSING, DriftKind.CERTIFICATE_EXPIRING, DriftKind.CERTIFICATE_EXPIRED,
          DriftKind.FEDERATED_CREDENTIAL_MISSING, DriftKind.FEDERATED_CREDENTIAL_MISMATCH),
      List.of(DriftKind.ROLE_ASSIGNMENT_MISSING));

  private static int rank(DriftKind k) {
    for (int i = 0; i < ORDER.size(); i++) if (ORDER.get(i).contains(k)) return i;
    throw new AssertionError("kind without a place in the order: " + k);
  }

  private static void assertOrdered(Plan p) {
    List<DriftKind> k = kinds(p);
    for (int i = 1; i < k.size(); i++) {
      assertTrue(rank(k.get(i - 1)) <= rank(k.get(i)), "out of order at " + i + ":\n" + String.join("\n", lines(p)));
    }
  }

  @Test
  void everyDriftKindHasAPlaceInTheOrder() {
    for (DriftKind k : DriftKind.values()) rank(k);
  }

  @Test
  void anInSyncTenantGivesAnEmptyPlan() {
    Plan p = plan(app().role("Security Reader", ADMIN_UPN).manifest(), inSync().build());
    assertTrue(p.inSync());
    assertEquals(List.of(), p.writes());
  }

  @Test
  void aFreshTenantIsPlannedInTheFixedOrder() {
    Plan p = plan(app().role("Security Reader", ADMIN_UPN).manifest(), fresh().build());
    assertEquals(List.of(DriftKind.APP_MISSING, DriftKind.RESOURCE_SP_MISSING, DriftKind.PERMISSION_MISSING,
        DriftKind.PERMISSION_MISSING, DriftKind.SP_MISSING, DriftKind.CONSENT_MISSING, DriftKind.CONSENT_MISSING,
        DriftKind.SECRET_MISSING, DriftKind.ROLE_ASSIGNMENT_MISSING), kinds(p));
    assertOrdered(p);
    assertEquals(7, Fixtures.actions(p).size(), "the two permissions ride on the create");
  }

  @Test
  void aMissingApiServicePrincipalComesBeforeEverythingThatNeedsIt() {
    Plan p = plan(app().manifest(), inSync().withoutSp(PARTNER_SP).withoutGrants().build());
    Step first = p.steps().get(0);
    assertEquals(DriftKind.RESOURCE_SP_MISSING, first.drift().kind());
    assertEquals(new Action.CreateServicePrincipal(Fixtures.KEY, WellKnown.MICROSOFT_PARTNER, "Microsoft Partner"), first.action());
    assertEquals(DriftKind.CONSENT_MISSING, kinds(p).get(kinds(p).size() - 1));
    assertOrdered(p);
  }

  @Test
  void anApiTwoApplicationsNeedGetsOneServicePrincipal() {
    Manifest m = new Manifest(Fixtures.FILE, List.of(
        app().key("first").displayName("First").permissions(permission("Microsoft Graph", List.of("User.Read"), List.of())).spec(),
        app().key("second").displayName("Second").spec(),
        app().key("third").displayName("Third").spec()));
    Plan p = plan(m, fresh().build());
    List<Step> resourceSps = p.steps().stream().filter(s -> s.drift().kind() == DriftKind.RESOURCE_SP_MISSING).toList();
    assertEquals(1, resourceSps.size());
    assertEquals("second", resourceSps.get(0).drift().application(), "attributed to the first application that names it");
    assertOrdered(p);
    // all registrations come before any consent, across applications
    assertEquals(List.of("first", "second", "third"), p.steps().stream()
        .filter(s -> s.drift().kind() == DriftKind.APP_MISSING).map(s -> s.drift().application()).toList());
  }

  @Test
  void manualStepsAreShownButAreNotWrites() {
    var handMade = Fixtures.registration(new appreg.provisioning.tenant.ObjectId("obj-dup"),
        new appreg.provisioning.tenant.AppId("44444444-4444-4444-4444-444444444444"), Fixtures.NAME, null, List.of(), List.of(), List.of());
    Plan p = plan(app().role("Security Reader", ADMIN_UPN).manifest(), inSync().registration(handMade).build());
    assertEquals(2, p.steps().size());
    assertEquals(1, p.writes().size());
    assertInstanceOf(Action.UpdateRegistration.class, p.writes().get(0).action());
  }

  @Test
  void planningTwiceGivesTheSamePlan() {
    Manifest m = app().role("Security Reader", ADMIN_UPN).manifest();
    assertEquals(plan(m, fresh().build()), plan(m, fresh().build()));
  }
}
