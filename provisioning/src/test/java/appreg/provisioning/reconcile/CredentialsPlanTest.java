package appreg.provisioning.reconcile;

import static appreg.provisioning.reconcile.Fixtures.APP_OBJECT;
import static appreg.provisioning.reconcile.Fixtures.NOW;
import static appreg.provisioning.reconcile.Fixtures.app;
import static appreg.provisioning.reconcile.Fixtures.fresh;
import static appreg.provisioning.reconcile.Fixtures.inSync;
import static appreg.provisioning.reconcile.Fixtures.keyedRegistration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.certificate.CertificateInfo;
import appreg.provisioning.certificate.SelfSigned;
import appreg.provisioning.desired.Resolver;
import appreg.provisioning.manifest.CertificateSpec;
import appreg.provisioning.manifest.FederatedCredentialSpec;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Registration;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Certificates and federated credentials in the plan: each drift kind, what removes it, and what is left alone. */
class CredentialsPlanTest {
  static final CertificateSpec GENERATED = new CertificateSpec("appreg",
      new CertificateSpec.Generate("CN=partner", SelfSigned.KeyType.RSA, 3072, 365, 30), null, null);
  static final CertificateInfo USER_CERT = SelfSigned.generate("CN=user", SelfSigned.KeyType.RSA, 2048,
      NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(200)), new SecureRandom()).certificate();
  static final CertificateSpec FROM_FILE = new CertificateSpec("appreg", null,
      new CertificateSpec.FromFile("certs/user.cer", USER_CERT), null);
  static final FederatedCredentialSpec GITHUB = new FederatedCredentialSpec("github-deploy",
      FederatedCredentialSpec.GITHUB_ISSUER, "repo:contoso/app:environment:production", null, null,
      new FederatedCredentialSpec.GitHub("contoso/app", "production", null, null, false), null);
  static final FederatedCredentialSpec AKS = new FederatedCredentialSpec("aks-worker",
      "https://eastus.oic.prod-aks.azure.com/t/c/", "system:serviceaccount:partner:worker", null, null, null, null);

  static KeyCredential cert(String keyId, String name, int ageDays, int lifetimeDays, String thumbprint) {
    Instant start = NOW.minus(Duration.ofDays(ageDays));
    return new KeyCredential(keyId, name, "AsymmetricX509Cert", "Verify", start, start.plus(Duration.ofDays(lifetimeDays)),
        thumbprint, null);
  }

  static FederatedCredential fic(String name, String issuer, String subject) {
    return new FederatedCredential("id-" + name, name, issuer, subject, List.of("api://AzureADTokenExchange"), null);
  }

  static Plan plan(Manifest m, ObservedTenant t, Differ.SecretLedger ledger) {
    return Planner.plan(Resolver.resolve(m, t), t, Resolver.missingApis(m, t), NOW, ledger);
  }

  static Plan plan(Manifest m, ObservedTenant t) {
    return plan(m, t, Differ.SecretLedger.NONE);
  }

  static Fixtures.Tenant with(List<KeyCredential> keys, List<FederatedCredential> fics) {
    Registration r = Fixtures.withFederated(Fixtures.withKeys(keyedRegistration(), keys), fics);
    return inSync().replaceRegistration(r);
  }

  static List<DriftKind> kinds(Plan p) {
    return p.steps().stream().map(s -> s.drift().kind()).toList();
  }

  @Test
  void aNewRegistrationGetsItsCertificateAndCredentialsAndIsMarkedPendingFromTheStart() {
    Plan p = plan(app().certificate(GENERATED).federated(GITHUB, AKS).manifest(), fresh().build());
    assertTrue(kinds(p).containsAll(List.of(DriftKind.CERTIFICATE_MISSING, DriftKind.FEDERATED_CREDENTIAL_MISSING)));
    Action.CreateRegistration create = (Action.CreateRegistration) p.steps().get(0).action();
    assertTrue(create.change().tags().stream().anyMatch(t -> t.startsWith(Registration.PENDING_CERTIFICATE_TAG_PREFIX)),
        create.change().tags()::toString);
    assertEquals(2, p.steps().stream().filter(s -> s.action() instanceof Action.AddFederatedCredential).count());
  }

  @Test
  void aValidCertificateAndMatchingCredentialsAreInSync() {
    var t = with(List.of(cert("k1", "appreg", 10, 365, "AA")), List.of(fic("github-deploy", GITHUB.issuer(), GITHUB.subject()),
        fic("aks-worker", AKS.issuer(), AKS.subject())));
    Plan p = plan(app().certificate(GENERATED).federated(GITHUB, AKS).manifest(), t.build());
    assertEquals(List.of(), p.steps());
    assertEquals(List.of(), p.notes());
  }

  @Test
  void anExpiringCertificateIsRotatedAndTheOldOneKept() {
    var t = with(List.of(cert("k1", "appreg", 340, 365, "AA")), List.of());
    Plan p = plan(app().certificate(GENERATED).manifest(), t.build());
    assertEquals(List.of(DriftKind.CERTIFICATE_EXPIRING), kinds(p));
    Action.GenerateCertificate g = assertInstanceOf(Action.GenerateCertificate.class, p.steps().get(0).action());
    assertEquals(List.of(), g.expiredKeyIds(), "rotation appends; the old one stays until it expires");
  }

  @Test
  void allExpiredIsReportedAsExpiredAndTheExpiredOnesGoOnceTheNewOneIsIn() {
    var t = with(List.of(cert("k1", "appreg", 400, 365, "AA"), cert("other", "Someone's", 400, 365, "BB")), List.of());
    Plan p = plan(app().certificate(GENERATED).manifest(), t.build());
    assertEquals(List.of(DriftKind.CERTIFICATE_EXPIRED), kinds(p));
    Action.GenerateCertificate g = (Action.GenerateCertificate) p.steps().get(0).action();
    assertEquals(List.of("k1"), g.expiredKeyIds(), "a certificate appreg did not add is never touched");
  }

  @Test
  void anExpiredOneBesideAValidOneIsRemoved() {
    var t = with(List.of(cert("old", "appreg", 400, 365, "AA"), cert("new", "appreg", 10, 365, "BB")), List.of());
    Plan p = plan(app().certificate(GENERATED).manifest(), t.build());
    assertEquals(List.of(DriftKind.CERTIFICATE_EXPIRED), kinds(p));
    assertEquals(new Action.RemoveCertificate(Fixtures.KEY, APP_OBJECT, "old", "expired " + NOW.minus(Duration.ofDays(35))),
        p.steps().get(0).action());
  }

  @Test
  void aCertificateWhoseKeyNeverArrivedIsRemovedAndReplaced() {
    var t = with(List.of(cert("orphan", "appreg", 0, 365, "AA")), List.of());
    Plan p = plan(app().certificate(GENERATED).manifest(), t.build(), new Differ.SecretLedger(Set.of(), Set.of("orphan")));
    assertEquals(List.of(DriftKind.CERTIFICATE_MISSING, DriftKind.CERTIFICATE_MISSING), kinds(p));
    assertInstanceOf(Action.RemoveCertificate.class, p.steps().get(0).action());
    assertInstanceOf(Action.GenerateCertificate.class, p.steps().get(1).action());
  }

  @Test
  void theUsersCertificateIsFoundByThumbprintAndRegisteredWhenMissing() {
    var present = with(List.of(cert("k1", "CN=user", 10, 200, USER_CERT.sha1Thumbprint())), List.of());
    assertEquals(List.of(), plan(app().certificate(FROM_FILE).manifest(), present.build()).steps());
    Plan missing = plan(app().certificate(FROM_FILE).manifest(), with(List.of(), List.of()).build());
    assertEquals(List.of(DriftKind.CERTIFICATE_MISSING), kinds(missing));
    Action.RegisterCertificate r = (Action.RegisterCertificate) missing.steps().get(0).action();
    assertEquals(USER_CERT, r.certificate());
    assertEquals("certs/user.cer", r.file());
  }

  @Test
  void theUsersExpiringOrExpiredCertificateIsAManualStep() {
    CertificateInfo soon = SelfSigned.generate("CN=u", SelfSigned.KeyType.RSA, 2048, NOW.minus(Duration.ofDays(300)),
        NOW.plus(Duration.ofDays(5)), new SecureRandom()).certificate();
    var spec = new CertificateSpec("appreg", null, new CertificateSpec.FromFile("u.cer", soon), null);
    var t = with(List.of(cert("k1", "appreg", 300, 305, soon.sha1Thumbprint())), List.of());
    Plan p = plan(app().certificate(spec).manifest(), t.build());
    assertEquals(List.of(DriftKind.CERTIFICATE_EXPIRING), kinds(p));
    assertInstanceOf(Action.ManualStep.class, p.steps().get(0).action());
    CertificateInfo gone = SelfSigned.generate("CN=u", SelfSigned.KeyType.RSA, 2048, NOW.minus(Duration.ofDays(300)),
        NOW.minus(Duration.ofDays(1)), new SecureRandom()).certificate();
    Plan expired = plan(app().certificate(new CertificateSpec("appreg", null, new CertificateSpec.FromFile("u.cer", gone), null))
        .manifest(), with(List.of(), List.of()).build());
    assertEquals(List.of(DriftKind.CERTIFICATE_EXPIRED), kinds(expired));
    assertInstanceOf(Action.ManualStep.class, expired.steps().get(0).action());
  }

  @Test
  void aChangedSubjectIsPatchedByNameAndAMissingCredentialAdded() {
    var t = with(List.of(), List.of(fic("github-deploy", GITHUB.issuer(), "repo:contoso/app:ref:refs/heads/main")));
    Plan p = plan(app().federated(GITHUB, AKS).manifest(), t.build());
    assertEquals(List.of(DriftKind.FEDERATED_CREDENTIAL_MISMATCH, DriftKind.FEDERATED_CREDENTIAL_MISSING), kinds(p));
    Action.UpdateFederatedCredential u = (Action.UpdateFederatedCredential) p.steps().get(0).action();
    assertEquals(List.of("subject"), u.changed());
    assertTrue(p.steps().get(0).drift().detail().contains("subject is repo:contoso/app:ref:refs/heads/main, manifest says "
        + GITHUB.subject()), p.steps().get(0).drift()::detail);
    assertEquals(new Action.AddFederatedCredential(Fixtures.KEY, AKS), p.steps().get(1).action());
  }

  @Test
  void credentialsTheManifestDoesNotNameAreANoteAndLeftAlone() {
    var t = with(List.of(), List.of(fic("github-deploy", GITHUB.issuer(), GITHUB.subject()), fic("legacy", "https://x", "y")));
    Plan p = plan(app().federated(GITHUB).manifest(), t.build());
    assertEquals(List.of(), p.steps());
    assertEquals(List.of(new Plan.Note(Fixtures.KEY, "federated credential 'legacy' (issuer https://x, subject y) is not in "
        + "the manifest; appreg leaves it alone")), p.notes());
  }

  @Test
  void aPairAnotherCredentialHoldsOrATwentyFirstIsAManualStepNotAFailedWrite() {
    var clash = with(List.of(), List.of(fic("old-name", GITHUB.issuer(), GITHUB.subject())));
    Plan p = plan(app().federated(GITHUB).manifest(), clash.build());
    assertEquals(List.of(DriftKind.FEDERATED_CREDENTIAL_MISSING), kinds(p));
    assertInstanceOf(Action.ManualStep.class, p.steps().get(0).action());
    List<FederatedCredential> twenty = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) twenty.add(fic("f" + i + "xx", "https://x", "s" + i));
    Plan full = plan(app().federated(GITHUB).manifest(), with(List.of(), twenty).build());
    assertInstanceOf(Action.ManualStep.class, full.steps().get(0).action());
  }
}
