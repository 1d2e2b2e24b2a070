package appreg.provisioning.reconcile;

import static appreg.provisioning.reconcile.Fixtures.ADMIN;
import static appreg.provisioning.reconcile.Fixtures.ADMIN_UPN;
import static appreg.provisioning.reconcile.Fixtures.APP_ID;
import static appreg.provisioning.reconcile.Fixtures.APP_OBJECT;
import static appreg.provisioning.reconcile.Fixtures.APP_SP;
import static appreg.provisioning.reconcile.Fixtures.AUDIT_LOG_READ_ALL;
import static appreg.provisioning.reconcile.Fixtures.DIRECTORY_READ_ALL;
import static appreg.provisioning.reconcile.Fixtures.GRAPH_SP;
import static appreg.provisioning.reconcile.Fixtures.KEY;
import static appreg.provisioning.reconcile.Fixtures.NAME;
import static appreg.provisioning.reconcile.Fixtures.NOW;
import static appreg.provisioning.reconcile.Fixtures.PARTNER_SP;
import static appreg.provisioning.reconcile.Fixtures.SECRET_KEY_ID;
import static appreg.provisioning.reconcile.Fixtures.SECURITY_READER_ID;
import static appreg.provisioning.reconcile.Fixtures.USER_IMPERSONATION;
import static appreg.provisioning.reconcile.Fixtures.USER_READ;
import static appreg.provisioning.reconcile.Fixtures.USER_READ_ALL_SCOPE;
import static appreg.provisioning.reconcile.Fixtures.actions;
import static appreg.provisioning.reconcile.Fixtures.app;
import static appreg.provisioning.reconcile.Fixtures.application;
import static appreg.provisioning.reconcile.Fixtures.apiSp;
import static appreg.provisioning.reconcile.Fixtures.delegated;
import static appreg.provisioning.reconcile.Fixtures.fresh;
import static appreg.provisioning.reconcile.Fixtures.graphAssignment;
import static appreg.provisioning.reconcile.Fixtures.inSync;
import static appreg.provisioning.reconcile.Fixtures.keyedRegistration;
import static appreg.provisioning.reconcile.Fixtures.kinds;
import static appreg.provisioning.reconcile.Fixtures.lines;
import static appreg.provisioning.reconcile.Fixtures.managedSecret;
import static appreg.provisioning.reconcile.Fixtures.partnerGrant;
import static appreg.provisioning.reconcile.Fixtures.permission;
import static appreg.provisioning.reconcile.Fixtures.plan;
import static appreg.provisioning.reconcile.Fixtures.registration;
import static appreg.provisioning.reconcile.Fixtures.requires;
import static appreg.provisioning.reconcile.Fixtures.secret;
import static appreg.provisioning.reconcile.Fixtures.withAccess;
import static appreg.provisioning.reconcile.Fixtures.withSecrets;
import static appreg.provisioning.reconcile.Fixtures.withTags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.ManifestException;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.SecretSpec;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.WellKnown;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DifferTest {
  private static final Manifest WANTED = app().role("Security Reader", ADMIN_UPN).manifest();

  private static Plan planFor(Fixtures.Tenant tenant) {
    return plan(WANTED, tenant.build());
  }

  private static Step only(Plan p) {
    assertEquals(1, p.steps().size(), String.join("\n", lines(p)));
    return p.steps().get(0);
  }

  @Test
  void aTenantThatMatchesHasNothingToDo() {
    Plan p = planFor(inSync());
    assertTrue(p.inSync(), String.join("\n", lines(p)));
  }

  @Test
  void aFreshTenantNeedsEverythingInTheFixedOrder() {
    Plan p = planFor(fresh());
    assertEquals(List.of(
        "APP_MISSING no registration with uniqueName 'partner-referrals'"
            + " -> create registration 'Partner Center Referrals' with uniqueName 'partner-referrals'",
        "RESOURCE_SP_MISSING Microsoft Partner (4990cffe-04e8-4e8b-808a-1175604b879f) has no service principal in this tenant"
            + " -> create service principal for Microsoft Partner (4990cffe-04e8-4e8b-808a-1175604b879f)",
        "PERMISSION_MISSING Microsoft Partner delegated user_impersonation cannot be checked until the API's service "
            + "principal exists (its permission ids come from it) -> create registration 'Partner Center Referrals' with uniqueName 'partner-referrals'",
        "PERMISSION_MISSING Microsoft Graph application AuditLog.Read.All is not requested"
            + " -> create registration 'Partner Center Referrals' with uniqueName 'partner-referrals'",
        "SP_MISSING the registration has no service principal in this tenant"
            + " -> create service principal for 'Partner Center Referrals'",
        "CONSENT_MISSING no admin consent for Microsoft Partner user_impersonation"
            + " -> grant admin consent for Microsoft Partner: user_impersonation",
        "CONSENT_MISSING no admin consent for Microsoft Graph application permission AuditLog.Read.All"
            + " -> grant admin consent for Microsoft Graph application permission AuditLog.Read.All",
        "SECRET_MISSING no valid client secret named 'appreg' -> issue a client secret 'appreg' valid 180 days",
        "ROLE_ASSIGNMENT_MISSING Security Reader is not assigned to admin@contoso.onmicrosoft.com"
            + " -> assign directory role Security Reader to admin@contoso.onmicrosoft.com"), lines(p));
  }

  @Test
  void creatingTheRegistrationCarriesEverythingThatCanBeResolvedInOneRequest() {
    var create = assertInstanceOf(Action.CreateRegistration.class, planFor(fresh()).steps().get(0).action());
    assertEquals(KEY, create.key());
    assertEquals(NAME, create.change().displayName());
    assertEquals("AzureADMyOrg", create.change().signInAudience());
    assertEquals(List.of("https://localhost"), create.change().webRedirectUris());
    // Microsoft Partner's ids are known only once its service principal exists; apply plans again after creating it
    assertEquals(List.of(requires(WellKnown.MICROSOFT_GRAPH, application(AUDIT_LOG_READ_ALL))),
        create.change().requiredResourceAccess());
  }

  @Test
  void onceMicrosoftPartnersServicePrincipalExistsTheCreateRequestsItsScopeToo() {
    var create = assertInstanceOf(Action.CreateRegistration.class,
        planFor(fresh().sp(Fixtures.partnerSp())).steps().get(0).action());
    assertEquals(List.of(requires(WellKnown.MICROSOFT_PARTNER, delegated(USER_IMPERSONATION)),
        requires(WellKnown.MICROSOFT_GRAPH, application(AUDIT_LOG_READ_ALL))), create.change().requiredResourceAccess());
  }

  @Test
  void creatingTheRegistrationTagsItWithTheKey() {
    var create = assertInstanceOf(Action.CreateRegistration.class, planFor(fresh()).steps().get(0).action());
    assertTrue(create.change().tags() != null && create.change().tags().contains("appreg:key=" + KEY),
        String.valueOf(create.change().tags()));
  }

  @Nested
  class Owners {
    private final ObjectId alice = new ObjectId("user-alice");
    private final ObjectId robot = new ObjectId("33333333-3333-3333-3333-333333333333");

    private Fixtures.Tenant tenant() {
      return inSync().user(new appreg.provisioning.tenant.User(alice, "alice@contoso.com", "Alice"))
          .sp(apiSp("33333333-3333-3333-3333-333333333333", "22222222-2222-2222-2222-222222222222", "Deploy robot"));
    }

    @Test
    void aDeclaredOwnerTheRegistrationLacksIsAdded() {
      Plan p = plan(app().owner("alice@contoso.com").owner("33333333-3333-3333-3333-333333333333").manifest(), tenant().owners(APP_OBJECT, ADMIN).build());
      assertEquals(List.of(DriftKind.OWNER_MISSING, DriftKind.OWNER_MISSING), kinds(p));
      assertEquals(List.of(new Action.AddOwner(KEY, alice, "alice@contoso.com"),
          new Action.AddOwner(KEY, robot, "service principal 'Deploy robot' (33333333-3333-3333-3333-333333333333)")), actions(p));
      assertEquals("alice@contoso.com is not an owner of the registration", p.steps().get(0).drift().detail());
    }

    @Test
    void ownersBeyondTheManifestStay() {
      Plan p = plan(app().owner("ALICE@contoso.com").manifest(), tenant().owners(APP_OBJECT, ADMIN, alice).build());
      assertTrue(p.inSync(), () -> String.join("\n", lines(p)));
    }

    @Test
    void aNewRegistrationGetsItsDeclaredOwnersAfterItIsCreated() {
      Plan p = plan(app().owner("alice@contoso.com").manifest(), fresh().sp(Fixtures.partnerSp())
          .user(new appreg.provisioning.tenant.User(alice, "alice@contoso.com", "Alice")).build());
      List<DriftKind> k = kinds(p);
      assertTrue(k.indexOf(DriftKind.OWNER_MISSING) > k.indexOf(DriftKind.APP_MISSING), k::toString);
      assertTrue(k.indexOf(DriftKind.OWNER_MISSING) < k.indexOf(DriftKind.CONSENT_MISSING), k::toString);
      assertTrue(actions(p).contains(new Action.AddOwner(KEY, alice, "alice@contoso.com")));
    }

    @Test
    void withNoneDeclaredTheSignedInUserOwnsARegistrationThatHasNone() {
      var none = tenant().owners(APP_OBJECT).build();
      Plan p = Fixtures.planSignedIn(app().manifest(), none, alice);
      assertEquals(List.of(DriftKind.OWNER_MISSING), kinds(p));
      assertEquals("the signed-in user (user-alice) is not an owner of the registration, which has none",
          p.steps().get(0).drift().detail());
      assertTrue(Fixtures.planSignedIn(app().manifest(), tenant().owners(APP_OBJECT, ADMIN).build(), alice).inSync(),
          "a registration with an owner keeps it and gains no other");
      assertTrue(plan(app().manifest(), none).inSync(), "an app-only run has no user to make owner");
    }

    @Test
    void anUnknownOwnerIsAManifestErrorAtItsPlace() {
      var e = assertThrows(ManifestException.class, () -> plan(app().owner("nobody@contoso.com").manifest(), tenant().build()));
      assertEquals(Fixtures.FILE + ":22:14: owner 'nobody@contoso.com' is not a user in this tenant", e.getMessage());
      var guid = assertThrows(ManifestException.class,
          () -> plan(app().owner("4990cffe-04e8-4e8b-808a-1175604b879f").manifest(), tenant().build()));
      assertTrue(guid.getMessage().endsWith("owner '4990cffe-04e8-4e8b-808a-1175604b879f' is not the object id of a "
          + "user or service principal in this tenant"), guid.getMessage());
    }
  }

  @Nested
  class Registration_ {
    @Test
    void aRenamedRegistrationIsRenamedBack() {
      Registration r = keyedRegistration();
      Step s = only(planFor(inSync().replaceRegistration(registration(r.id(), r.appId(), "Old name", KEY,
          r.requiredResourceAccess(), r.passwordCredentials(), r.tags()))));
      assertEquals(DriftKind.PROPERTY_MISMATCH, s.drift().kind());
      assertEquals("displayName is 'Old name', manifest says 'Partner Center Referrals'", s.drift().detail());
      var update = assertInstanceOf(Action.UpdateRegistration.class, s.action());
      assertEquals(APP_OBJECT, update.id());
      assertEquals("update displayName", update.describe());
      assertEquals(NAME, update.change().displayName());
      assertNull(update.change().requiredResourceAccess(), "only what differs is written");
    }

    @Test
    void redirectUrisAreComparedAsASet() {
      Plan p = plan(app().web("https://contoso.example/callback").role("Security Reader", ADMIN_UPN).manifest(), inSync().build());
      Step s = only(p);
      assertEquals("web redirect URIs are [https://localhost], manifest says [https://contoso.example/callback]", s.drift().detail());
      assertEquals("update web", s.action().describe());
    }

    @Test
    void severalDifferencesAreOneUpdate() {
      Registration r = withAccess(keyedRegistration(), requires(WellKnown.MICROSOFT_PARTNER, delegated(USER_IMPERSONATION)));
      r = registration(r.id(), r.appId(), "Old name", KEY, r.requiredResourceAccess(), r.passwordCredentials(), r.tags());
      Plan p = planFor(inSync().replaceRegistration(r));
      assertEquals(List.of(DriftKind.PROPERTY_MISMATCH, DriftKind.PERMISSION_MISSING), kinds(p));
      assertEquals(1, actions(p).size());
      assertEquals("update displayName, requiredResourceAccess", actions(p).get(0).describe());
    }
  }

  @Nested
  class Permissions {
    @Test
    void aRemovedPermissionIsRequestedAgainWithTheWholeList() {
      Step s = only(planFor(inSync().replaceRegistration(
          withAccess(keyedRegistration(), requires(WellKnown.MICROSOFT_PARTNER, delegated(USER_IMPERSONATION))))));
      assertEquals(DriftKind.PERMISSION_MISSING, s.drift().kind());
      assertEquals("Microsoft Graph application AuditLog.Read.All is not requested", s.drift().detail());
      var update = assertInstanceOf(Action.UpdateRegistration.class, s.action());
      assertEquals("update requiredResourceAccess", update.describe());
      assertEquals(List.of(requires(WellKnown.MICROSOFT_PARTNER, delegated(USER_IMPERSONATION)),
          requires(WellKnown.MICROSOFT_GRAPH, application(AUDIT_LOG_READ_ALL))), update.change().requiredResourceAccess(),
          "Graph replaces collections: the patch holds all of requiredResourceAccess");
    }

    @Test
    void anExtraPermissionIsReportedByNameAndDropped() {
      Step s = only(planFor(inSync().replaceRegistration(withAccess(keyedRegistration(),
          requires(WellKnown.MICROSOFT_PARTNER, delegated(USER_IMPERSONATION)),
          requires(WellKnown.MICROSOFT_GRAPH, application(AUDIT_LOG_READ_ALL), application(DIRECTORY_READ_ALL))))));
      assertEquals(DriftKind.PERMISSION_EXTRA, s.drift().kind());
      assertEquals("Microsoft Graph application Directory.Read.All is requested but not in the manifest", s.drift().detail());
      var update = assertInstanceOf(Action.UpdateRegistration.class, s.action());
      assertEquals(List.of(requires(WellKnown.MICROSOFT_PARTNER, delegated(USER_IMPERSONATION)),
          requires(WellKnown.MICROSOFT_GRAPH, application(AUDIT_LOG_READ_ALL))), update.change().requiredResourceAccess());
    }

    @Test
    void aScopeRequestedAsARoleIsBothMissingAndExtra() {
      Plan p = planFor(inSync().replaceRegistration(withAccess(keyedRegistration(),
          requires(WellKnown.MICROSOFT_PARTNER, delegated(USER_IMPERSONATION)),
          requires(WellKnown.MICROSOFT_GRAPH, delegated(AUDIT_LOG_READ_ALL)))));
      assertEquals(List.of(DriftKind.PERMISSION_MISSING, DriftKind.PERMISSION_EXTRA), kinds(p));
      assertEquals(1, actions(p).size());
    }
  }

  @Nested
  class Consent {
    private final Manifest graphDelegated = app().permissions(
        permission("Microsoft Partner", List.of("user_impersonation"), List.of()),
        permission("Microsoft Graph", List.of("User.Read", "User.Read.All"), List.of("AuditLog.Read.All"))).manifest();

    private Fixtures.Tenant graphDelegatedTenant(String... grantedScopes) {
      return inSync().withoutRoleAssignments().replaceRegistration(withAccess(keyedRegistration(),
              requires(WellKnown.MICROSOFT_PARTNER, delegated(USER_IMPERSONATION)),
              requires(WellKnown.MICROSOFT_GRAPH, delegated(USER_READ), delegated(USER_READ_ALL_SCOPE), application(AUDIT_LOG_READ_ALL))))
          .grant(new DelegatedGrant("grant-graph", APP_SP, GRAPH_SP, "AllPrincipals", null, new LinkedHashSet<>(List.of(grantedScopes))));
    }

    @Test
    void theFixtureForGraphScopesIsInSync() {
      assertTrue(plan(graphDelegated, graphDelegatedTenant("User.Read", "User.Read.All").build()).inSync());
    }

    @Test
    void aDeletedGrantIsGrantedAgain() {
      Step s = only(planFor(inSync().withoutGrants()));
      assertEquals(DriftKind.CONSENT_MISSING, s.drift().kind());
      assertEquals("no admin consent for Microsoft Partner user_impersonation", s.drift().detail());
      var grant = assertInstanceOf(Action.GrantAdminConsent.class, s.action());
      assertNull(grant.existingGrantId());
      assertEquals(Set.of("user_impersonation"), grant.scopes());
      assertEquals(WellKnown.MICROSOFT_PARTNER, grant.resourceAppId());
    }

    @Test
    void aTrimmedGrantIsPatchedToExactlyTheManifestsScopes() {
      Step s = only(plan(graphDelegated, graphDelegatedTenant("User.Read").build()));
      assertEquals(DriftKind.CONSENT_MISSING, s.drift().kind());
      assertEquals("admin consent for Microsoft Graph lacks User.Read.All", s.drift().detail());
      var grant = assertInstanceOf(Action.GrantAdminConsent.class, s.action());
      assertEquals("grant-graph", grant.existingGrantId());
      assertEquals(Set.of("User.Read", "User.Read.All"), grant.scopes());
      assertEquals("set admin consent for Microsoft Graph: User.Read User.Read.All", grant.describe());
    }

    @Test
    void anExtraScopeIsRemovedByPatchingTheSameGrant() {
      Step s = only(planFor(inSync().withoutGrants().grant(partnerGrant("user_impersonation", "offline_access"))));
      assertEquals(DriftKind.CONSENT_EXTRA, s.drift().kind());
      assertEquals("admin consent for Microsoft Partner also grants offline_access", s.drift().detail());
      var grant = assertInstanceOf(Action.GrantAdminConsent.class, s.action());
      assertEquals("grant-partner", grant.existingGrantId());
      assertEquals(Set.of("user_impersonation"), grant.scopes());
      assertEquals("set admin consent for Microsoft Partner: user_impersonation", grant.describe());
    }

    @Test
    void aGrantBothTrimmedAndWidenedIsOnePatch() {
      Plan p = plan(graphDelegated, graphDelegatedTenant("User.Read", "Mail.Read").build());
      assertEquals(List.of(DriftKind.CONSENT_MISSING, DriftKind.CONSENT_EXTRA), kinds(p));
      assertEquals("admin consent for Microsoft Graph also grants Mail.Read", p.steps().get(1).drift().detail());
      assertEquals(1, actions(p).size());
      assertEquals(Set.of("User.Read", "User.Read.All"), ((Action.GrantAdminConsent) actions(p).get(0)).scopes());
    }

    @Test
    void grantsToSingleUsersAndOtherClientsAreNeverTouched() {
      var tenant = inSync()
          .grant(new DelegatedGrant("grant-user", APP_SP, GRAPH_SP, "Principal", ADMIN, Set.of("Mail.Read")))
          .grant(new DelegatedGrant("grant-user-partner", APP_SP, PARTNER_SP, "Principal", ADMIN, Set.of("user_impersonation", "x")))
          .grant(new DelegatedGrant("grant-other", new ObjectId("other-client"), PARTNER_SP, "AllPrincipals", null,
              Set.of("user_impersonation", "extra")));
      assertTrue(planFor(tenant).inSync(), String.join("\n", lines(planFor(tenant))));
    }

    @Test
    void aSingleUserGrantDoesNotStandInForAdminConsent() {
      Step s = only(planFor(inSync().withoutGrants()
          .grant(new DelegatedGrant("grant-user", APP_SP, PARTNER_SP, "Principal", ADMIN, Set.of("user_impersonation")))));
      assertEquals(DriftKind.CONSENT_MISSING, s.drift().kind());
      assertNull(((Action.GrantAdminConsent) s.action()).existingGrantId(), "the user's grant is left alone");
    }

    @Test
    void adminConsentToAnApiTheManifestDoesNotNameIsRevoked() {
      var tenant = inSync().sp(apiSp("sp-orders", "22222222-2222-2222-2222-222222222222", "Contoso Orders API", "Orders.Read"))
          .grant(new DelegatedGrant("grant-orders", APP_SP, new ObjectId("sp-orders"), "AllPrincipals", null, Set.of("Orders.Read")));
      Step s = only(planFor(tenant));
      assertEquals(DriftKind.CONSENT_EXTRA, s.drift().kind());
      assertEquals("admin consent for Contoso Orders API (Orders.Read) is not in the manifest", s.drift().detail());
      assertEquals(new Action.RevokeAdminConsent(KEY, "grant-orders", "Contoso Orders API", Set.of("Orders.Read")), s.action());
    }

    @Test
    void anExtraApplicationPermissionIsRevoked() {
      Step s = only(planFor(inSync().assignment(graphAssignment("assignment-dir", DIRECTORY_READ_ALL))));
      assertEquals(DriftKind.CONSENT_EXTRA, s.drift().kind());
      assertEquals("Microsoft Graph application permission Directory.Read.All is consented but not in the manifest",
          s.drift().detail());
      assertEquals(new Action.RevokeAppRole(KEY, APP_SP, "assignment-dir", "Microsoft Graph", "Directory.Read.All"), s.action());
      assertEquals("revoke Microsoft Graph application permission Directory.Read.All", s.action().describe());
    }

    @Test
    void aMissingApplicationPermissionIsAssigned() {
      Fixtures.Tenant t = inSync();
      t.assignments.clear();
      Step s = only(planFor(t));
      assertEquals(DriftKind.CONSENT_MISSING, s.drift().kind());
      assertEquals(new Action.AssignAppRole(KEY, WellKnown.MICROSOFT_GRAPH, "Microsoft Graph", AUDIT_LOG_READ_ALL,
          "AuditLog.Read.All"), s.action());
    }

    @Test
    void withoutAdminConsentNothingIsGrantedOrRevoked() {
      Manifest m = app().adminConsent(false).role("Security Reader", ADMIN_UPN).manifest();
      assertTrue(plan(m, inSync().withoutGrants().assignment(graphAssignment("a2", DIRECTORY_READ_ALL)).build()).inSync());
    }
  }

  @Nested
  class Secrets {
    private Plan withOnly(PasswordCredential... secrets) {
      return planFor(inSync().replaceRegistration(withSecrets(keyedRegistration(), secrets)));
    }

    private PasswordCredential ending(String keyId, Instant end) {
      return secret(keyId, "appreg", NOW.minus(Duration.ofDays(100)), end);
    }

    @Test
    void anExpiredSecretIsReplacedAndThenRemoved() {
      Step s = only(withOnly(managedSecret(SECRET_KEY_ID, 200, 180)));
      assertEquals(DriftKind.SECRET_EXPIRED, s.drift().kind());
      assertEquals("every client secret named 'appreg' has expired (newest ended 2025-05-12T12:00:00Z)", s.drift().detail());
      assertEquals(new Action.IssueSecret(KEY, "appreg", 180, List.of(SECRET_KEY_ID)), s.action());
      assertEquals("issue a client secret 'appreg' valid 180 days, then remove 1 expired", s.action().describe());
    }

    @Test
    void aSecretExpiringWithinRotateWithinDaysIsRotated() {
      Step s = only(withOnly(managedSecret(SECRET_KEY_ID, 170, 180)));
      assertEquals(DriftKind.SECRET_EXPIRING, s.drift().kind());
      assertEquals("the newest client secret (" + SECRET_KEY_ID + ") expires 2025-06-11T12:00:00Z, within rotateWithinDays 30",
          s.drift().detail());
      assertEquals(new Action.IssueSecret(KEY, "appreg", 180, List.of()), s.action(), "rotation appends: nothing removed");
    }

    @Test
    void theNewestSecretDecides() {
      assertTrue(withOnly(managedSecret("old", 170, 180), managedSecret("new", 10, 180)).inSync());
    }

    @Test
    void anExpiredOldSecretBesideAValidOneIsRemoved() {
      Step s = only(withOnly(managedSecret("old", 200, 180), managedSecret("new", 10, 180)));
      assertEquals(DriftKind.SECRET_EXPIRED, s.drift().kind());
      assertEquals("client secret old ended 2025-05-12T12:00:00Z", s.drift().detail());
      assertEquals(new Action.RevokeSecret(KEY, APP_OBJECT, "old", "expired 2025-05-12T12:00:00Z"), s.action());
    }

    @Test
    void secretsWithAnotherDisplayNameAreNotAppregs() {
      Plan p = withOnly(managedSecret(SECRET_KEY_ID, 10, 180),
          secret("portal-expired", "made in the portal", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(35))));
      assertTrue(p.inSync(), String.join("\n", lines(p)));
      Step s = only(withOnly(secret("portal", "made in the portal", NOW, NOW.plus(Duration.ofDays(300)))));
      assertEquals(DriftKind.SECRET_MISSING, s.drift().kind());
    }

    // faults.md F34: credential dates, boundary day exact, in UTC

    @Test
    void endingExactlyRotateWithinDaysFromNowIsExpiring() {
      assertEquals(List.of(DriftKind.SECRET_EXPIRING), kinds(withOnly(ending("k", NOW.plus(Duration.ofDays(30))))));
      assertTrue(withOnly(ending("k", NOW.plus(Duration.ofDays(30)).plusSeconds(1))).inSync());
    }

    @Test
    void endingExactlyNowIsExpired() {
      assertEquals(List.of(DriftKind.SECRET_EXPIRED), kinds(withOnly(ending("k", NOW))));
      assertEquals(List.of(DriftKind.SECRET_EXPIRING), kinds(withOnly(ending("k", NOW.plusSeconds(1)))));
    }

    @Test
    void aSecretWithoutEndNeverExpires() {
      assertTrue(withOnly(ending("k", null)).inSync());
      assertTrue(withOnly(ending("old", NOW.plus(Duration.ofDays(3))), ending("k", null)).inSync(), "null end is the newest");
    }

    @Test
    void theEndOfTimeIsNotExpiring() {
      assertTrue(withOnly(ending("k", Instant.parse("9999-12-31T23:59:59Z"))).inSync());
    }

    @Test
    void anEndInThePastIsExpiredEvenByOneSecond() {
      assertEquals(List.of(DriftKind.SECRET_EXPIRED), kinds(withOnly(ending("k", NOW.minusSeconds(1)))));
    }

    @Test
    void aSecretThatStartsInTheFutureIsNotValidYet() {
      Step s = only(withOnly(secret("k", "appreg", NOW.plus(Duration.ofDays(5)), NOW.plus(Duration.ofDays(200)))));
      assertEquals(DriftKind.SECRET_MISSING, s.drift().kind());
    }

    @Test
    void rotateWithinDaysZeroRotatesOnlyOnExpiry() {
      Manifest m = app().secret(new SecretSpec("appreg", 90, 0)).role("Security Reader", ADMIN_UPN).manifest();
      var t = inSync().replaceRegistration(withSecrets(keyedRegistration(), ending("k", NOW.plus(Duration.ofHours(1)))));
      assertTrue(plan(m, t.build()).inSync());
    }

    @Test
    void anUndeliveredSecretIsRevokedAndANewOneIssued() {
      var ledger = new Differ.SecretLedger(Set.of(SECRET_KEY_ID));
      Plan p = plan(WANTED, inSync().build(), ledger);
      assertEquals(List.of(
          "SECRET_MISSING no valid client secret named 'appreg' (1 issued by an interrupted run and never delivered)"
              + " -> remove secret " + SECRET_KEY_ID + " (issued by an interrupted run, never delivered)",
          "SECRET_MISSING no valid client secret named 'appreg' (1 issued by an interrupted run and never delivered)"
              + " -> issue a client secret 'appreg' valid 180 days"), lines(p));
      assertEquals(new Action.RevokeSecret(KEY, APP_OBJECT, SECRET_KEY_ID, "issued by an interrupted run, never delivered"),
          p.steps().get(0).action());
    }

    @Test
    void anUndeliveredSecretBesideADeliveredOneIsOnlyRevoked() {
      var ledger = new Differ.SecretLedger(Set.of("orphan"));
      var t = inSync().replaceRegistration(withSecrets(keyedRegistration(), managedSecret(SECRET_KEY_ID, 10, 180),
          managedSecret("orphan", 0, 180)));
      Step s = only(plan(WANTED, t.build(), ledger));
      assertEquals(DriftKind.SECRET_MISSING, s.drift().kind());
      assertEquals("secret orphan was never delivered", s.drift().detail());
      assertInstanceOf(Action.RevokeSecret.class, s.action());
    }

    @Test
    void aPendingMarkWithNothingPendingIsClearedAsDrift() {
      String mark = Registration.PENDING_SECRET_TAG_PREFIX + NOW.minus(Duration.ofHours(2));
      var t = inSync().replaceRegistration(withTags(keyedRegistration(), Registration.KEY_TAG_PREFIX + KEY, mark));
      Step s = only(plan(WANTED, t.build()));
      assertEquals("PROPERTY_MISMATCH tag " + mark + " is left from a run that stopped after delivering its secret; "
          + "no secret is pending", s.drift().kind() + " " + s.drift().detail());
      Action.UpdateRegistration update = assertInstanceOf(Action.UpdateRegistration.class, s.action());
      assertEquals(List.of(Registration.KEY_TAG_PREFIX + KEY), update.change().tags());
    }

    @Test
    void aPendingMarkStaysWhileItsSecretIsUndelivered() {
      String mark = Registration.PENDING_SECRET_TAG_PREFIX + NOW.minus(Duration.ofHours(2));
      var t = inSync().replaceRegistration(withTags(keyedRegistration(), Registration.KEY_TAG_PREFIX + KEY, mark));
      Plan p = plan(WANTED, t.build(), new Differ.SecretLedger(Set.of(SECRET_KEY_ID)));
      assertEquals(List.of(DriftKind.SECRET_MISSING, DriftKind.SECRET_MISSING), kinds(p),
          "revoked and issued again; the new secret's delivery clears the mark");
    }

    @Test
    void noSecretWantedMeansNoSecretDrift() {
      Manifest m = app().secret(null).role("Security Reader", ADMIN_UPN).manifest();
      assertTrue(plan(m, inSync().replaceRegistration(withSecrets(keyedRegistration())).build()).inSync());
    }
  }

  @Nested
  class Duplicates {
    private final ObjectId dupId = new ObjectId("obj-dup");
    private final AppId dupAppId = new AppId("44444444-4444-4444-4444-444444444444");
    private final Registration handMade = registration(dupId, dupAppId, "partner center REFERRALS", null, List.of(), List.of(), List.of());

    private void neverTouches(Plan p) {
      for (Step s : p.steps()) {
        Action a = s.action();
        if (a instanceof Action.UpdateRegistration u) assertNotEquals(dupId, u.id());
        if (a instanceof Action.AdoptRegistration u) assertNotEquals(dupId, u.id());
        if (a instanceof Action.RevokeSecret r) assertNotEquals(dupId, r.application());
        if (a instanceof Action.CreateServicePrincipal c) assertNotEquals(dupAppId, c.appId());
      }
    }

    @Test
    void aSameNamedRegistrationIsAManualStepAndNeverChanged() {
      Plan p = planFor(inSync().registration(handMade));
      assertEquals(List.of(DriftKind.APP_DUPLICATE, DriftKind.APP_DUPLICATE), kinds(p));
      Step manual = p.steps().get(0);
      assertEquals("registration 44444444-4444-4444-4444-444444444444 (object obj-dup) is also named 'partner center REFERRALS'"
          + " but is not the one keyed 'partner-referrals'; appreg leaves it alone", manual.drift().detail());
      assertEquals(new Action.ManualStep(KEY, "review registration 'partner center REFERRALS' (appId "
          + "44444444-4444-4444-4444-444444444444): rename or delete it if it is not needed; appreg never changes it"), manual.action());
      // the keyed registration records that the duplicate was shown, so that it is not reported again
      var update = assertInstanceOf(Action.UpdateRegistration.class, p.steps().get(1).action());
      assertEquals(APP_OBJECT, update.id());
      assertEquals(List.of("appreg:key=" + KEY, "appreg:reviewed-duplicate:obj-dup"), update.change().tags());
      assertEquals(List.of("tags"), update.change().changedProperties());
      neverTouches(p);
      assertEquals(1, p.writes().size());
    }

    @Test
    void aReviewedDuplicateIsNotReportedAgain() {
      var t = inSync().registration(handMade)
          .replaceRegistration(withTags(keyedRegistration(), "appreg:reviewed-duplicate:obj-dup"));
      assertTrue(planFor(t).inSync());
    }

    @Test
    void onAFreshTenantAppregCreatesItsOwnRegistrationBesideTheHandMadeOne() {
      Plan p = planFor(fresh().registration(handMade));
      assertEquals(List.of(DriftKind.APP_DUPLICATE, DriftKind.APP_MISSING), kinds(p).subList(0, 2));
      assertInstanceOf(Action.ManualStep.class, p.steps().get(0).action());
      var create = assertInstanceOf(Action.CreateRegistration.class, p.steps().get(1).action());
      assertTrue(create.change().tags().contains("appreg:reviewed-duplicate:obj-dup"), String.valueOf(create.change().tags()));
      assertTrue(p.steps().stream().noneMatch(s -> s.action() instanceof Action.AdoptRegistration));
      neverTouches(p);
    }

    @Test
    void aDifferentlyNamedRegistrationIsNoDuplicate() {
      assertTrue(planFor(inSync().registration(registration(dupId, dupAppId, "Partner Center Referrals (old)", null,
          List.of(), List.of(), List.of()))).inSync());
    }
  }

  @Nested
  class Adoption {
    private final Registration unkeyed = registration(APP_OBJECT, APP_ID, NAME, null,
        keyedRegistration().requiredResourceAccess(), keyedRegistration().passwordCredentials(), List.of());

    @Test
    void aRegistrationNamedByAppIdIsAdoptedUnderTheKey() {
      Manifest m = app().appId(APP_ID).role("Security Reader", ADMIN_UPN).manifest();
      Step s = only(plan(m, inSync().replaceRegistration(unkeyed).build()));
      assertEquals(DriftKind.PROPERTY_MISMATCH, s.drift().kind());
      assertEquals("registration " + APP_ID + " has no uniqueName; it is adopted under the key 'partner-referrals'",
          s.drift().detail());
      var adopt = assertInstanceOf(Action.AdoptRegistration.class, s.action());
      assertEquals(APP_OBJECT, adopt.id());
      assertEquals(List.of("tags"), adopt.change().changedProperties(), "adoption also writes the key tag");
      assertTrue(adopt.change().tags().contains("appreg:key=" + KEY));
      assertEquals("adopt registration " + APP_ID + " and set its uniqueName to 'partner-referrals'", adopt.describe());
    }

    @Test
    void anAdoptedRegistrationIsInSyncOnceItHasTheKey() {
      Manifest m = app().appId(APP_ID).role("Security Reader", ADMIN_UPN).manifest();
      assertTrue(plan(m, inSync().build()).inSync());
    }

    @Test
    void adoptionKeepsTheRegistrationsNameWhenTheManifestGivesNone() {
      Manifest m = app().appId(APP_ID).displayName(null).role("Security Reader", ADMIN_UPN).manifest();
      Registration named = registration(APP_OBJECT, APP_ID, "Made in the portal", null,
          keyedRegistration().requiredResourceAccess(), keyedRegistration().passwordCredentials(), List.of());
      Step s = only(plan(m, inSync().replaceRegistration(named).build()));
      assertEquals("Made in the portal", ((Action.AdoptRegistration) s.action()).change().displayName());
    }

    @Test
    void anAppIdThatAlreadyHasAnotherKeyCannotBeAdopted() {
      Manifest m = app().appId(APP_ID).manifest();
      Registration other = registration(APP_OBJECT, APP_ID, NAME, "someone-elses-key", List.of(), List.of(), List.of());
      var e = assertThrows(ManifestException.class, () -> plan(m, fresh().registration(other).build()));
      assertEquals("registration " + APP_ID + " already has the key (uniqueName) 'someone-elses-key', which Graph does not "
          + "allow to change; use that key in the manifest", e.problem());
      assertEquals(Fixtures.FILE, e.file());
      assertEquals(2, e.line());
    }

    @Test
    void anAppIdMissingFromTheTenantCannotBeAdopted() {
      var e = assertThrows(ManifestException.class, () -> plan(app().appId(APP_ID).manifest(), fresh().build()));
      assertEquals("no registration with appId " + APP_ID + " in this tenant to adopt", e.problem());
    }

    @Test
    void theKeyHeldByAnotherRegistrationThanTheAppIdIsAnError() {
      AppId other = new AppId("55555555-5555-5555-5555-555555555555");
      var t = inSync().registration(registration(new ObjectId("obj-other"), other, "Other", null, List.of(), List.of(), List.of()));
      var e = assertThrows(ManifestException.class, () -> plan(app().appId(other).manifest(), t.build()));
      assertEquals("key 'partner-referrals' already belongs to registration " + APP_ID + ", not to the appId " + other
          + " this manifest adopts", e.problem());
    }
  }

  @Nested
  class Roles {
    @Test
    void aMissingRoleAssignmentIsAssigned() {
      Step s = only(planFor(inSync().withoutRoleAssignments()));
      assertEquals(DriftKind.ROLE_ASSIGNMENT_MISSING, s.drift().kind());
      assertEquals("Security Reader is not assigned to admin@contoso.onmicrosoft.com", s.drift().detail());
      assertEquals(new Action.AssignRole(KEY, SECURITY_READER_ID, "Security Reader", ADMIN, ADMIN_UPN), s.action());
    }

    @Test
    void anAssignmentScopedToAnAdministrativeUnitIsNotTenantWide() {
      Step s = only(planFor(inSync().withoutRoleAssignments()
          .roleAssignment(new RoleAssignment("ra-au", SECURITY_READER_ID, ADMIN, "/administrativeUnits/au-1"))));
      assertEquals(DriftKind.ROLE_ASSIGNMENT_MISSING, s.drift().kind());
    }

    @Test
    void aRoleForTheRegistrationItselfWaitsForItsServicePrincipal() {
      Manifest m = app().role("Security Reader", null).manifest();
      Plan p = plan(m, fresh().build());
      Step last = p.steps().get(p.steps().size() - 1);
      assertEquals(DriftKind.ROLE_ASSIGNMENT_MISSING, last.drift().kind());
      assertEquals("Security Reader is not assigned to the registration's service principal", last.drift().detail());
      assertNull(((Action.AssignRole) last.action()).principal(), "apply fills in the service principal it creates");
      assertTrue(plan(m, inSync().roleAssignment(new RoleAssignment("ra-sp", SECURITY_READER_ID, APP_SP, "/")).build()).inSync());
    }
  }
}
