package appreg.provisioning.reconcile;

import static appreg.provisioning.reconcile.Fixtures.ADMIN;
import static appreg.provisioning.reconcile.Fixtures.ADMIN_UPN;
import static appreg.provisioning.reconcile.Fixtures.APP_ID;
import static appreg.provisioning.reconcile.Fixtures.APP_OBJECT;
import static appreg.provisioning.reconcile.Fixtures.APP_SP;
import static appreg.provisioning.reconcile.Fixtures.AUDIT_LOG_READ_ALL;
import static appreg.provisioning.reconcile.Fixtures.GRAPH_SP;
import static appreg.provisioning.reconcile.Fixtures.KEY;
import static appreg.provisioning.reconcile.Fixtures.NOW;
import static appreg.provisioning.reconcile.Fixtures.PARTNER_SP;
import static appreg.provisioning.reconcile.Fixtures.SECRET_KEY_ID;
import static appreg.provisioning.reconcile.Fixtures.SECURITY_READER_ID;
import static appreg.provisioning.reconcile.Fixtures.app;
import static appreg.provisioning.reconcile.Fixtures.fresh;
import static appreg.provisioning.reconcile.Fixtures.graphAssignment;
import static appreg.provisioning.reconcile.Fixtures.inSync;
import static appreg.provisioning.reconcile.Fixtures.keyedRegistration;
import static appreg.provisioning.reconcile.Fixtures.managedSecret;
import static appreg.provisioning.reconcile.Fixtures.secret;
import static appreg.provisioning.reconcile.Fixtures.withSecrets;
import static appreg.provisioning.reconcile.RecordingGateway.SECRET_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.GraphCallException;
import appreg.provisioning.Provisioner;
import appreg.provisioning.UsageException;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.certificate.CertificateInfo;
import appreg.provisioning.certificate.SelfSigned;
import appreg.provisioning.manifest.CertificateSpec;
import appreg.provisioning.manifest.FederatedCredentialSpec;
import appreg.provisioning.reconcile.ApplyReport.Outcome;
import appreg.provisioning.reconcile.ApplyReport.Status;
import appreg.provisioning.secret.DeliveryException;
import appreg.provisioning.secret.Sensitive;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RegistrationPatch;
import appreg.provisioning.tenant.WellKnown;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApplierTest {
  private final List<String> log = new ArrayList<>();
  private final List<String> trace = new ArrayList<>();
  private final RecordingSecrets secrets = new RecordingSecrets(log);

  private RecordingGateway gateway(Fixtures.Tenant seed) {
    return new RecordingGateway(seed, log, () -> NOW);
  }

  private Applier applier(RecordingGateway g, Fixtures.Tenant seed, boolean prune) {
    var observed = seed.build();
    Applier a = new Applier(g, secrets, observed, () -> NOW, trace::add, prune);
    return a.knowing(KEY, observed.registrationByUniqueName(KEY).orElse(null));
  }

  private static Step step(DriftKind kind, Action a) {
    return new Step(new Drift(KEY, kind, "test"), a);
  }

  private static Plan planOf(Step... steps) {
    return new Plan(List.of(steps));
  }

  static final CertificateInfo CERTIFICATE = SelfSigned.generate("CN=user", SelfSigned.KeyType.RSA, 2048,
      NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(300)), new java.security.SecureRandom()).certificate();
  static final FederatedCredentialSpec GITHUB = new FederatedCredentialSpec("github-deploy",
      FederatedCredentialSpec.GITHUB_ISSUER, "repo:contoso/app:environment:production", null, null,
      new FederatedCredentialSpec.GitHub("contoso/app", "production", null, null, false), null);

  private static final RegistrationPatch RENAME = new RegistrationPatch("New name", null, null, null, null, null, null,
      List.of("displayName"));

  /** One example of every action, and the gateway call it must turn into. */
  private static Map<Action, String> everyAction() {
    Map<Action, String> all = new LinkedHashMap<>();
    all.put(new Action.CreateRegistration("other-key", new RegistrationPatch("Other", "AzureADMyOrg", List.of(), List.of(),
        List.of(), List.of(), null, List.of("all"))), "upsertRegistration other-key");
    all.put(new Action.AdoptRegistration(KEY, APP_OBJECT, APP_ID, RENAME), "updateRegistration app-object uniqueName=" + KEY);
    all.put(new Action.UpdateRegistration(KEY, APP_OBJECT, RENAME), "updateRegistration app-object");
    all.put(new Action.CreateServicePrincipal(KEY, WellKnown.MICROSOFT_PARTNER, "Microsoft Partner"),
        "createServicePrincipal " + WellKnown.MICROSOFT_PARTNER);
    all.put(new Action.GrantAdminConsent(KEY, WellKnown.MICROSOFT_GRAPH, "Microsoft Graph", null, Set.of("User.Read")),
        "grantAllPrincipals app-sp sp-graph [User.Read]");
    all.put(new Action.RevokeAdminConsent(KEY, "grant-partner", "Microsoft Partner", Set.of("user_impersonation")),
        "deleteGrant grant-partner");
    all.put(new Action.AssignAppRole(KEY, WellKnown.MICROSOFT_GRAPH, "Microsoft Graph", Fixtures.DIRECTORY_READ_ALL,
        "Directory.Read.All"), "assignAppRole app-sp sp-graph " + Fixtures.DIRECTORY_READ_ALL);
    all.put(new Action.RevokeAppRole(KEY, APP_SP, "assignment-audit", "Microsoft Graph", "AuditLog.Read.All"),
        "removeAppRoleAssignment app-sp assignment-audit");
    all.put(new Action.IssueSecret(KEY, "appreg", 180, List.of()), "addPassword app-object appreg 2025-11-28T12:00:00Z");
    all.put(new Action.RevokeSecret(KEY, APP_OBJECT, SECRET_KEY_ID, "expired"), "removePassword app-object " + SECRET_KEY_ID);
    all.put(new Action.AssignRole(KEY, SECURITY_READER_ID, "Security Reader", ADMIN, ADMIN_UPN),
        "assignDirectoryRole " + SECURITY_READER_ID + " " + ADMIN);
    all.put(new Action.AddOwner(KEY, ADMIN, ADMIN_UPN), "addOwner app-object " + ADMIN);
    all.put(new Action.RemoveRoleAssignment(KEY, "ra-1", "Security Reader", APP_SP), "removeDirectoryRoleAssignment ra-1");
    all.put(new Action.DeleteServicePrincipal(KEY, APP_SP, "Partner Center Referrals"), "deleteServicePrincipal app-sp");
    all.put(new Action.DeleteSecretFile(KEY, "secrets/" + KEY + ".json"), "forget " + KEY);
    all.put(new Action.DeleteRegistration(KEY, APP_OBJECT, APP_ID, "Partner Center Referrals"), "deleteApplication app-object");
    all.put(new Action.PurgeDeleted(KEY, APP_OBJECT, "registration 'Partner Center Referrals'"), "purgeDeleted app-object");
    all.put(new Action.GenerateCertificate(KEY, "appreg", new CertificateSpec.Generate("CN=t", SelfSigned.KeyType.RSA, 2048,
        90, 10), List.of()), "updateKeyCredentials app-object …");
    all.put(new Action.RegisterCertificate(KEY, "appreg", "cert.pem", CERTIFICATE, List.of()), "updateKeyCredentials app-object …");
    all.put(new Action.RemoveCertificate(KEY, APP_OBJECT, "cccccccc-0000-0000-0000-000000000001", "expired"),
        "read keyCredentials app-object");
    all.put(new Action.AddFederatedCredential(KEY, GITHUB), "addFederatedCredential app-object github-deploy");
    all.put(new Action.UpdateFederatedCredential(KEY, APP_OBJECT, GITHUB, List.of("subject")),
        "updateFederatedCredential app-object github-deploy");
    all.put(new Action.ManualStep(KEY, "look at it"), null);
    return all;
  }

  @Test
  void everyKindOfActionIsApplied() {
    Map<Action, String> all = everyAction();
    assertEquals(Arrays.stream(Action.class.getPermittedSubclasses()).collect(Collectors.toSet()),
        all.keySet().stream().map(Object::getClass).collect(Collectors.toSet()),
        "a new kind of Action needs an example here, and a way to apply it");
    for (var e : all.entrySet()) {
      log.clear();
      RecordingGateway g = gateway(inSync());
      ApplyReport report = applier(g, inSync(), false).apply(planOf(step(DriftKind.PROPERTY_MISMATCH, e.getKey())));
      Outcome o = report.outcomes().get(0);
      assertEquals(e.getValue() == null ? Status.MANUAL : Status.DONE, o.status(), e.getKey() + ": " + o.note());
      // a secret is bracketed by setting and clearing the registration's pending-secret tag
      // a certificate is read before the collection is written back, and one appreg makes is bracketed like a secret
      boolean certificate = e.getKey() instanceof Action.GenerateCertificate || e.getKey() instanceof Action.RegisterCertificate;
      List<String> calls = log.stream().filter(l -> !l.startsWith("deliver") && !l.contains("Pending")
          && !((e.getKey() instanceof Action.IssueSecret || certificate) && l.startsWith("updateRegistration"))
          && !(certificate && l.startsWith("read "))).toList();
      String expected = e.getValue();
      if (expected != null && expected.endsWith("…")) {
        assertEquals(1, calls.size(), calls::toString);
        assertTrue(calls.get(0).startsWith(expected.substring(0, expected.length() - 1)), calls::toString);
      } else {
        assertEquals(expected == null ? List.of() : List.of(expected), calls, e.getKey().toString());
      }
    }
  }

  @Test
  void aManualStepIsNeverSentToTheTenant() {
    RecordingGateway g = gateway(inSync());
    ApplyReport r = applier(g, inSync(), false).apply(planOf(step(DriftKind.APP_DUPLICATE, new Action.ManualStep(KEY, "review"))));
    assertEquals(List.of(), log);
    assertFalse(r.changedAnything());
  }

  @Test
  void itStopsAtTheFirstFailureAndSaysWhatWasNotDone() {
    RecordingGateway g = gateway(fresh().sp(Fixtures.partnerSp()));
    g.failing.add("createServicePrincipal");
    Plan plan = Fixtures.plan(app().manifest(), fresh().sp(Fixtures.partnerSp()).build());
    Applier a = new Applier(g, secrets, fresh().sp(Fixtures.partnerSp()).build(), () -> NOW, trace::add, false);
    var e = assertThrows(ApplyFailedException.class, () -> a.apply(plan));

    assertInstanceOf(GraphCallException.class, e.getCause());
    List<Status> statuses = e.report().outcomes().stream().map(Outcome::status).toList();
    assertEquals(List.of(Status.DONE, Status.DONE, Status.DONE, Status.FAILED, Status.NOT_ATTEMPTED, Status.NOT_ATTEMPTED,
        Status.NOT_ATTEMPTED), statuses, "create and its two permission lines are done; SP failed; the rest not attempted");
    assertEquals("same action as above", e.report().outcomes().get(1).note());
    assertTrue(e.report().outcomes().get(3).note().contains("createServicePrincipal: Graph 503"), e.report().outcomes().get(3).note());
    assertEquals(List.of("upsertRegistration partner-referrals", "createServicePrincipal aaaaaaaa-0000-0000-0000-000000000001"),
        log, "nothing after the failed step reached the tenant");
    assertTrue(e.report().settings().containsKey(KEY), "what was created is still reported, for the next run");
  }

  @Test
  void theListenerHearsEachStepAsItFinishesAndCanStopTheRunBetweenSteps() {
    Fixtures.Tenant seed = fresh();
    RecordingGateway g = gateway(seed);
    Plan plan = Fixtures.plan(app().manifest(), seed.build());
    List<String> heard = new ArrayList<>();
    Applier a = new Applier(g, secrets, seed.build(), () -> NOW, trace::add, false).listening(new Applier.Listener() {
      @Override public void stepFinished(Outcome o) {
        heard.add(o.status() + " " + o.step().drift().kind() + " after " + log.size() + " calls");
      }
      @Override public boolean stopRequested() {
        return log.size() >= 2;   // asked to stop once the registration and the API's service principal exist
      }
    });
    var e = assertThrows(ApplyFailedException.class, () -> a.apply(plan));

    assertInstanceOf(appreg.provisioning.InterruptedRunException.class, e.getCause());
    assertEquals(List.of("DONE APP_MISSING after 1 calls", "DONE RESOURCE_SP_MISSING after 2 calls",
        "DONE PERMISSION_MISSING after 2 calls", "DONE PERMISSION_MISSING after 2 calls"), heard,
        "each step the moment it finished (the permissions came with the registration), none not attempted");
    assertEquals(List.of("upsertRegistration partner-referrals", "createServicePrincipal " + WellKnown.MICROSOFT_PARTNER), log,
        "nothing after the stop reached the tenant");
    List<Status> statuses = e.report().outcomes().stream().map(Outcome::status).distinct().toList();
    assertEquals(List.of(Status.DONE, Status.NOT_ATTEMPTED), statuses, e.report().toString());
  }

  @Test
  void identicalActionsRunOnce() {
    RecordingGateway g = gateway(inSync());
    Action rename = new Action.UpdateRegistration(KEY, APP_OBJECT, RENAME);
    ApplyReport r = applier(g, inSync(), false).apply(planOf(step(DriftKind.PROPERTY_MISMATCH, rename),
        step(DriftKind.PERMISSION_MISSING, rename), step(DriftKind.PERMISSION_EXTRA, rename)));
    assertEquals(List.of("updateRegistration app-object"), log);
    assertEquals(List.of(Status.DONE, Status.DONE, Status.DONE), r.outcomes().stream().map(Outcome::status).toList());
  }

  @Test
  void aFreshPlanIsAppliedInOnePassWithTheObjectsItCreates() {
    Fixtures.Tenant seed = fresh();
    RecordingGateway g = gateway(seed);
    Manifest m = app().role("Security Reader", ADMIN_UPN).manifest();
    Applier a = new Applier(g, secrets, seed.build(), () -> NOW, trace::add, false);
    ApplyReport r = a.apply(Fixtures.plan(m, seed.build()));
    assertTrue(r.with(Status.FAILED).isEmpty());
    assertEquals(List.of(
        "upsertRegistration partner-referrals",
        "createServicePrincipal " + WellKnown.MICROSOFT_PARTNER,
        "createServicePrincipal aaaaaaaa-0000-0000-0000-000000000001",
        "grantAllPrincipals sp-2 sp-partner [user_impersonation]",
        "assignAppRole sp-2 sp-graph " + AUDIT_LOG_READ_ALL,
        "markPending partner-referrals 2025-06-01T11:00:00Z",
        "addPassword obj-1 appreg 2025-11-28T12:00:00Z",
        "deliver partner-referrals bbbbbbbb-0000-0000-0000-000000000005",
        "clearPending partner-referrals",
        "updateRegistration obj-1",
        "assignDirectoryRole " + SECURITY_READER_ID + " " + ADMIN), log);
    ApplyReport.Settings s = r.settings().get(KEY);
    assertEquals(new ApplyReport.Settings(KEY, "tenant-1", "contoso.onmicrosoft.com", "aaaaaaaa-0000-0000-0000-000000000001",
        "obj-1", "sp-2", "bbbbbbbb-0000-0000-0000-000000000005", NOW.plus(Duration.ofDays(180)), "/secrets/partner-referrals.json"), s);
  }

  @Nested
  class Secrets {
    private final Action.IssueSecret issue = new Action.IssueSecret(KEY, "appreg", 180, List.of());

    @Test
    void aSecretIsMarkedPendingIssuedDeliveredThenUnmarked() {
      RecordingGateway g = gateway(inSync());
      ApplyReport r = applier(g, inSync(), false).apply(planOf(step(DriftKind.SECRET_MISSING, issue)));
      assertEquals(List.of("updateRegistration app-object",
          "markPending partner-referrals 2025-06-01T11:00:00Z",
          "addPassword app-object appreg 2025-11-28T12:00:00Z",
          "deliver partner-referrals bbbbbbbb-0000-0000-0000-000000000001",
          "clearPending partner-referrals",
          "updateRegistration app-object"), log);
      assertEquals(1, secrets.delivered.size());
      var d = secrets.delivered.get(0);
      assertEquals(new Sensitive(SECRET_TEXT), d.secret().value(), "the text Graph issued is the text delivered");
      assertEquals("tenant-1", d.tenantId());
      assertEquals(APP_ID.value(), d.clientId());
      assertEquals("keyId bbbbbbbb-0000-0000-0000-000000000001, delivered to /secrets/partner-referrals.json",
          r.outcomes().get(0).note());
      assertTrue(secrets.pending.isEmpty());
    }

    @Test
    void anUndeliverableSecretIsRevokedAndOnlyItsKeyIdIsReported() {
      RecordingGateway g = gateway(inSync());
      secrets.failWith = new DeliveryException("could not write /secrets/partner-referrals.json: disk full");
      var e = assertThrows(ApplyFailedException.class,
          () -> applier(g, inSync(), false).apply(planOf(step(DriftKind.SECRET_MISSING, issue))));
      String keyId = "bbbbbbbb-0000-0000-0000-000000000001";
      assertEquals(List.of("updateRegistration app-object",
          "markPending partner-referrals 2025-06-01T11:00:00Z",
          "addPassword app-object appreg 2025-11-28T12:00:00Z",
          "deliver partner-referrals " + keyId,
          "removePassword app-object " + keyId), log);
      assertInstanceOf(DeliveryException.class, e.getCause());
      assertEquals("could not write /secrets/partner-referrals.json: disk full; the undelivered secret " + keyId
          + " was revoked", e.getMessage());
      assertEquals(List.of(SECRET_KEY_ID), g.registrations.get(APP_OBJECT).passwordCredentials().stream()
          .map(PasswordCredential::keyId).toList(), "only the secret that was there before is left");
      assertNoSecretIn(e.getMessage(), e.report().toString(), String.join("\n", trace));
    }

    @Test
    void whenRevokingTheUndeliveredSecretFailsTooThePortalIsNamed() {
      RecordingGateway g = gateway(inSync());
      g.failing.add("removePassword");
      secrets.failWith = new DeliveryException("could not write /secrets/partner-referrals.json: read-only file system");
      var e = assertThrows(ApplyFailedException.class,
          () -> applier(g, inSync(), false).apply(planOf(step(DriftKind.SECRET_MISSING, issue))));
      assertTrue(e.getMessage().endsWith("; revoking the undelivered secret bbbbbbbb-0000-0000-0000-000000000001 also failed: "
          + "remove it in the portal"), e.getMessage());
      assertEquals(Optional.of(NOW.minus(Duration.ofHours(1))), secrets.pendingSince(KEY),
          "the pending mark stays, so the next run finds and revokes the orphan");
      assertNoSecretIn(e.getMessage(), e.report().toString());
    }

    @Test
    void expiredSecretsAreRemovedOnlyAfterTheNewOneIsDelivered() {
      Registration r = withSecrets(keyedRegistration(), managedSecret("expired-1", 200, 180));
      Fixtures.Tenant seed = inSync().replaceRegistration(r);
      RecordingGateway g = gateway(seed);
      applier(g, seed, false).apply(planOf(step(DriftKind.SECRET_EXPIRED,
          new Action.IssueSecret(KEY, "appreg", 180, List.of("expired-1")))));
      assertTrue(log.indexOf("removePassword app-object expired-1") > log.indexOf("clearPending partner-referrals"), log.toString());
    }

    @Test
    void pruneSecretsRemovesOlderManagedSecretsAfterDelivery() {
      Registration r = withSecrets(keyedRegistration(), managedSecret("older", 170, 180),
          secret("portal", "made in the portal", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(300))));
      Fixtures.Tenant seed = inSync().replaceRegistration(r);
      RecordingGateway g = gateway(seed);
      ApplyReport report = applier(g, seed, true).apply(planOf(step(DriftKind.SECRET_EXPIRING, issue)));
      int delivered = log.indexOf("deliver partner-referrals bbbbbbbb-0000-0000-0000-000000000001");
      int pruned = log.indexOf("removePassword app-object older");
      assertTrue(delivered >= 0 && pruned > delivered, log.toString());
      assertFalse(log.contains("removePassword app-object portal"), "a secret appreg does not manage is never pruned");
      assertEquals(List.of("portal", "bbbbbbbb-0000-0000-0000-000000000001"),
          g.registrations.get(APP_OBJECT).passwordCredentials().stream().map(PasswordCredential::keyId).toList());
      assertTrue(report.outcomes().get(0).note().endsWith("; removed older"), report.outcomes().get(0).note());
    }

    @Test
    void withoutPruneAnUnexpiredOlderSecretStays() {
      Registration r = withSecrets(keyedRegistration(), managedSecret("older", 170, 180));
      Fixtures.Tenant seed = inSync().replaceRegistration(r);
      RecordingGateway g = gateway(seed);
      applier(g, seed, false).apply(planOf(step(DriftKind.SECRET_EXPIRING, issue)));
      assertTrue(log.stream().noneMatch(l -> l.startsWith("removePassword")), log.toString());
    }

    @Test
    void whenAddPasswordFailsNothingIsDeliveredAndThePendingMarkStays() {
      RecordingGateway g = gateway(inSync());
      g.failing.add("addPassword");
      assertThrows(ApplyFailedException.class, () -> applier(g, inSync(), false).apply(planOf(step(DriftKind.SECRET_MISSING, issue))));
      assertTrue(secrets.delivered.isEmpty());
      assertTrue(secrets.pendingSince(KEY).isPresent());
    }
  }

  @Nested
  class ThroughTheProvisioner {
    private final Manifest manifest = app().role("Security Reader", ADMIN_UPN).manifest();

    private Provisioner provisioner(RecordingGateway g) {
      return new Provisioner(g, Clock.fixed(NOW, ZoneOffset.UTC), trace::add);
    }

    private ApplyReport apply(RecordingGateway g) {
      return provisioner(g).apply(manifest, secrets, new Provisioner.ApplyOptions(false), Optional.empty());
    }

    @Test
    void theListenerHearsTheStepsOfBothPasses() {
      RecordingGateway g = gateway(fresh());
      List<Status> heard = new ArrayList<>();
      ApplyReport r = provisioner(g).apply(manifest, secrets, new Provisioner.ApplyOptions(false), Optional.empty(),
          new Applier.Listener() {
            @Override public void stepFinished(Outcome o) {
              heard.add(o.status());
            }
          });
      assertEquals(r.outcomes().stream().map(Outcome::status).toList(), heard, "every outcome, in the report's order");
      assertTrue(heard.size() >= 7, heard::toString);
    }

    @Test
    void applyThenPlanIsInSyncAndASecondApplyWritesNothing() {
      RecordingGateway g = gateway(fresh());
      ApplyReport first = apply(g);
      assertTrue(first.changedAnything());
      // 7 objects, the Microsoft Partner permission added once its service principal exists (the registration is
      // created alongside that service principal, not after it), and clearing the pending-secret tag
      assertEquals(9, g.writes(), String.join("\n", log));
      var registrations = g.registrations.values().stream().filter(r -> KEY.equals(r.uniqueName())).toList();
      assertEquals(1, registrations.size());
      assertEquals(2, registrations.get(0).requiredResourceAccess().size(), "Microsoft Partner's scope is requested too");

      assertTrue(provisioner(g).plan(manifest, secrets).plan().inSync());
      log.clear();
      ApplyReport second = apply(g);
      assertFalse(second.changedAnything());
      assertEquals(List.of("observe"), log);
      assertNoSecretIn(first.toString(), second.toString(), String.join("\n", trace));
    }

    @Test
    void tagsWrittenEarlierInARunSurviveTheSecretsPendingMark() {
      // adoption writes the key tag; the secret, issued later in the same run, sets and clears its pending tag
      var unkeyed = Fixtures.registration(APP_OBJECT, APP_ID, Fixtures.NAME, null,
          Fixtures.keyedRegistration().requiredResourceAccess(), List.of(), List.of());
      RecordingGateway g = gateway(inSync().replaceRegistration(unkeyed));
      Manifest adopting = app().appId(APP_ID).role("Security Reader", ADMIN_UPN).manifest();
      provisioner(g).apply(adopting, secrets, new Provisioner.ApplyOptions(false), Optional.empty());
      var after = g.registrations.get(APP_OBJECT);
      assertEquals(KEY, after.uniqueName());
      assertTrue(after.tags().contains("appreg:key=" + KEY), after.tags()::toString);
      assertTrue(after.tags().stream().noneMatch(t -> t.startsWith("appreg:pending-secret=")), after.tags()::toString);
      assertTrue(provisioner(g).plan(adopting, secrets).plan().inSync());
    }

    @Test
    void aRunStoppedAtTheSecretIsFinishedByTheNextWithOneSecret() {
      RecordingGateway g = gateway(fresh());
      g.failing.add("addPassword");
      var e = assertThrows(ApplyFailedException.class, () -> apply(g));
      assertEquals(List.of(Status.NOT_ATTEMPTED), e.report().outcomes().stream()
          .filter(o -> o.step().action() instanceof Action.AssignRole).map(Outcome::status).toList());
      g.failing.clear();
      apply(g);
      Registration r = g.registrations.values().stream().filter(x -> KEY.equals(x.uniqueName())).findFirst().orElseThrow();
      assertEquals(1, g.registrations.size());
      assertEquals(1, r.passwordCredentials().size());
      assertEquals(1, secrets.delivered.size());
      assertTrue(provisioner(g).plan(manifest, secrets).plan().inSync());
    }

    @Test
    void aSecretIssuedButNeverDeliveredIsRevokedByTheNextRun() {
      // faults.md F20: the process died after addPassword, before the file was written
      Fixtures.Tenant seed = inSync().replaceRegistration(withSecrets(keyedRegistration()));
      RecordingGateway g = gateway(seed);
      secrets.markPending(KEY, NOW.minus(Duration.ofMinutes(5)));
      g.addPassword(APP_OBJECT, "appreg", NOW.plus(Duration.ofDays(180)));
      String orphan = g.registrations.get(APP_OBJECT).passwordCredentials().get(0).keyId();
      log.clear();

      Plan p = provisioner(g).plan(manifest, secrets).plan();
      assertEquals(List.of(DriftKind.SECRET_MISSING, DriftKind.SECRET_MISSING), Fixtures.kinds(p));
      apply(g);
      assertTrue(log.contains("removePassword app-object " + orphan), log.toString());
      List<String> left = g.registrations.get(APP_OBJECT).passwordCredentials().stream().map(PasswordCredential::keyId).toList();
      assertEquals(1, left.size());
      assertFalse(left.contains(orphan));
      assertEquals(left.get(0), secrets.delivered.get(0).secret().keyId());
    }

    @Test
    void aSecretWithNowhereToGoStopsBeforeAnyWrite() {
      RecordingGateway g = gateway(fresh());
      var e = assertThrows(UsageException.class,
          () -> provisioner(g).apply(manifest, null, new Provisioner.ApplyOptions(false), Optional.empty()));
      assertEquals("'partner-referrals' needs a new client secret (SECRET_MISSING) and there is nowhere to deliver it: give "
          + "--secret-dir DIR or --show-secret; nothing was changed", e.getMessage());
      assertEquals(0, g.writes());
    }

    @Test
    void anUnusableSecretDirectoryStopsBeforeAnyWrite() {
      RecordingGateway g = gateway(fresh());
      secrets.failWith = new DeliveryException("--secret-dir /nope does not exist");
      assertThrows(DeliveryException.class, () -> apply(g));
      assertEquals(0, g.writes());
    }

    @Test
    void aMissingPrivilegeStopsBeforeAnyWrite() {
      RecordingGateway g = gateway(fresh());
      var caller = new appreg.provisioning.graph.CallerClaims("tenant-1", true, Set.of("Application.ReadWrite.All",
          "AppRoleAssignment.ReadWrite.All", "RoleManagement.ReadWrite.Directory"), Set.of(), Set.of(), "");
      var e = assertThrows(appreg.provisioning.MissingPrivilegeException.class,
          () -> provisioner(g).apply(manifest, secrets, new Provisioner.ApplyOptions(false), Optional.of(caller)));
      assertTrue(e.getMessage().contains("DelegatedPermissionGrant.ReadWrite.All"), e.getMessage());
      assertEquals(0, g.writes());
    }

    @Test
    void anExtraGrantAndAppRoleAreRemovedAndOtherClientsLeftAlone() {
      Fixtures.Tenant seed = inSync().grant(new appreg.provisioning.tenant.DelegatedGrant("grant-other", new ObjectId("other"),
              PARTNER_SP, "AllPrincipals", null, Set.of("user_impersonation", "extra")))
          .withoutGrants().grant(Fixtures.partnerGrant("user_impersonation", "offline_access"))
          .assignment(graphAssignment("assignment-dir", Fixtures.DIRECTORY_READ_ALL));
      RecordingGateway g = gateway(seed);
      apply(g);
      assertEquals(Set.of("user_impersonation"), g.grants.get("grant-partner").scopes());
      assertFalse(g.assignments.containsKey("assignment-dir"));
      assertTrue(g.assignments.containsKey("assignment-audit"));
      assertTrue(provisioner(g).plan(manifest, secrets).plan().inSync());
      assertEquals(GRAPH_SP, g.assignments.get("assignment-audit").resourceId());
    }
  }

  static void assertNoSecretIn(String... texts) {
    for (String t : texts) assertFalse(t.contains(SECRET_TEXT), "the secret leaked into: " + t);
  }
}
