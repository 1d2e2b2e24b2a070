package appreg.provisioning.reconcile;

import static appreg.provisioning.reconcile.Fixtures.APP_OBJECT;
import static appreg.provisioning.reconcile.Fixtures.KEY;
import static appreg.provisioning.reconcile.Fixtures.NOW;
import static appreg.provisioning.reconcile.Fixtures.inSync;
import static appreg.provisioning.reconcile.Fixtures.keyedRegistration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.certificate.SelfSigned;
import appreg.provisioning.manifest.CertificateSpec;
import appreg.provisioning.secret.DeliveryException;
import appreg.provisioning.secret.HeldCertificate;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.Registration;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Making, registering, rotating and removing certificates through the gateway; where their private keys go. */
class ApplierCredentialsTest {
  private final List<String> log = new ArrayList<>();
  private final List<String> trace = new ArrayList<>();
  private final RecordingSecrets secrets = new RecordingSecrets(log);
  static final CertificateSpec.Generate GENERATE = new CertificateSpec.Generate("CN=partner", SelfSigned.KeyType.RSA, 2048, 90, 10);

  private Applier applier(RecordingGateway g, Fixtures.Tenant seed, boolean prune) {
    var observed = seed.build();
    return new Applier(g, secrets, observed, () -> NOW, trace::add, prune)
        .knowing(KEY, observed.registrationByUniqueName(KEY).orElse(null));
  }

  private static Plan planOf(Action a) {
    return new Plan(List.of(new Step(new Drift(KEY, DriftKind.CERTIFICATE_MISSING, "test"), a)));
  }

  /** A certificate a previous run made and delivered: registered, its key held in the secret directory. */
  private static SelfSigned.Generated previous(int daysLeft) {
    return SelfSigned.generate("CN=partner", SelfSigned.KeyType.RSA, 2048, NOW.minus(Duration.ofDays(80)),
        NOW.plus(Duration.ofDays(daysLeft)), new SecureRandom());
  }

  private static KeyCredential registered(SelfSigned.Generated g, String keyId) {
    return new KeyCredential(keyId, "appreg", KeyCredential.ASYMMETRIC_X509_CERT, KeyCredential.VERIFY,
        g.certificate().notBefore(), g.certificate().notAfter(), g.certificate().sha1Thumbprint(), g.certificate().derBase64());
  }

  private static Fixtures.Tenant tenantWith(KeyCredential... keys) {
    return inSync().replaceRegistration(Fixtures.withKeys(keyedRegistration(), List.of(keys)));
  }

  @Test
  void theFirstCertificateIsWrittenWithTheCollectionAndItsKeyDeliveredBetweenPendingMarks() {
    var seed = tenantWith();
    RecordingGateway g = new RecordingGateway(seed, log, () -> NOW);
    ApplyReport report = applier(g, seed, false).apply(planOf(new Action.GenerateCertificate(KEY, "appreg", GENERATE, List.of())));
    assertEquals(ApplyReport.Status.DONE, report.outcomes().get(0).status(), report.outcomes().get(0)::note);
    List<String> order = log.stream().map(l -> l.split(" ")[0]).toList();
    assertEquals(List.of("updateRegistration", "markPendingCertificate", "read", "updateKeyCredentials", "deliverKey",
        "clearPendingCertificate", "updateRegistration"), order);
    KeyCredential added = g.registrations.get(APP_OBJECT).keyCredentials().get(0);
    var delivered = secrets.keys.delivered.get(0);
    assertEquals(added.keyId(), delivered.keyId());
    assertEquals(added.thumbprint(), delivered.sha1Thumbprint());
    assertEquals(NOW.minus(Duration.ofMinutes(10)), added.startDateTime());
    assertEquals(NOW.minus(Duration.ofMinutes(10)).plus(Duration.ofDays(90)), added.endDateTime());
    Registration after = g.registrations.get(APP_OBJECT);
    assertTrue(after.pendingCertificateSince().isEmpty(), "the pending mark is cleared");
    var settings = report.settings().get(KEY);
    assertEquals(null, settings.certificate(), "no manifest declared: no certificate settings");
    assertTrue(report.outcomes().get(0).note().contains("added with PATCH"), report.outcomes().get(0)::note);
    assertFalse(delivered.privateKey().occursIn(String.join("\n", log) + report + String.join("\n", trace)));
  }

  @Test
  void aRotationProvesPossessionWithThePreviousKeyAndAddsBeforeAnythingIsRemoved() {
    var old = previous(5);
    var seed = tenantWith(registered(old, "cccccccc-0000-0000-0000-000000000001"));
    secrets.keys.held = new HeldCertificate(old.certificate().derBase64(), old.privateKey());
    RecordingGateway g = new RecordingGateway(seed, log, () -> NOW);
    ApplyReport report = applier(g, seed, true).apply(planOf(new Action.GenerateCertificate(KEY, "appreg", GENERATE, List.of())));
    assertEquals(ApplyReport.Status.DONE, report.outcomes().get(0).status(), report.outcomes().get(0)::note);
    List<String> writes = log.stream().filter(l -> l.startsWith("addKey") || l.startsWith("updateKeyCredentials")
        || l.startsWith("deliverKey")).map(l -> l.split(" ")[0]).toList();
    assertEquals(List.of("addKey", "deliverKey", "updateKeyCredentials"), writes,
        "the new certificate is added and delivered before --prune-secrets removes the old one");
    List<KeyCredential> now = g.registrations.get(APP_OBJECT).keyCredentials();
    assertEquals(1, now.size());
    assertEquals(secrets.keys.delivered.get(0).keyId(), now.get(0).keyId());
    assertTrue(report.outcomes().get(0).note().contains("addKey (proof signed by certificate "
        + old.certificate().sha1Thumbprint() + ")"), report.outcomes().get(0)::note);
  }

  @Test
  void withoutPruningTheOldCertificateStays() {
    var old = previous(5);
    var seed = tenantWith(registered(old, "cccccccc-0000-0000-0000-000000000001"));
    secrets.keys.held = new HeldCertificate(old.certificate().derBase64(), old.privateKey());
    RecordingGateway g = new RecordingGateway(seed, log, () -> NOW);
    applier(g, seed, false).apply(planOf(new Action.GenerateCertificate(KEY, "appreg", GENERATE, List.of())));
    assertEquals(2, g.registrations.get(APP_OBJECT).keyCredentials().size());
    assertFalse(log.stream().anyMatch(l -> l.startsWith("updateKeyCredentials")), log::toString);
  }

  @Test
  void aRefusedProofFallsBackToTheDocumentedPatch() {
    var old = previous(5);
    var seed = tenantWith(registered(old, "cccccccc-0000-0000-0000-000000000001"));
    secrets.keys.held = new HeldCertificate(old.certificate().derBase64(), old.privateKey());
    RecordingGateway g = new RecordingGateway(seed, log, () -> NOW);
    g.refuseAddKey.add("all");
    ApplyReport report = applier(g, seed, false).apply(planOf(new Action.GenerateCertificate(KEY, "appreg", GENERATE, List.of())));
    assertEquals(ApplyReport.Status.DONE, report.outcomes().get(0).status(), report.outcomes().get(0)::note);
    assertEquals(2, g.registrations.get(APP_OBJECT).keyCredentials().size());
    assertTrue(trace.stream().anyMatch(t -> t.contains("addKey refused the proof (Graph 401 Authentication_MissingOrMalformed)")),
        trace::toString);
  }

  @Test
  void aKeyThatCannotBeDeliveredTakesItsCertificateOutAgain() {
    var seed = tenantWith();
    secrets.keys.failWith = new DeliveryException("disk full");
    RecordingGateway g = new RecordingGateway(seed, log, () -> NOW);
    var e = assertThrows(ApplyFailedException.class,
        () -> applier(g, seed, false).apply(planOf(new Action.GenerateCertificate(KEY, "appreg", GENERATE, List.of()))));
    assertTrue(e.getCause().getMessage().matches("disk full; the undelivered certificate [0-9a-f-]{36} was removed"),
        e.getCause()::getMessage);
    assertEquals(List.of(), g.registrations.get(APP_OBJECT).keyCredentials());
    assertTrue(g.registrations.get(APP_OBJECT).pendingCertificateSince().isPresent(),
        "the mark stays: the run did not finish, and the next one checks again");
  }

  @Test
  void registeringTheUsersCertificateKeepsEveryOtherCertificate() {
    var foreign = previous(100);
    var seed = tenantWith(new KeyCredential("dddddddd-0000-0000-0000-000000000001", "portal upload", "AsymmetricX509Cert",
        "Verify", foreign.certificate().notBefore(), foreign.certificate().notAfter(), foreign.certificate().sha1Thumbprint(),
        foreign.certificate().derBase64()));
    RecordingGateway g = new RecordingGateway(seed, log, () -> NOW);
    var user = SelfSigned.generate("CN=user", SelfSigned.KeyType.RSA, 2048, NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(300)), new SecureRandom()).certificate();
    applier(g, seed, false).apply(planOf(new Action.RegisterCertificate(KEY, "appreg", "user.cer", user, List.of())));
    List<KeyCredential> now = g.registrations.get(APP_OBJECT).keyCredentials();
    assertEquals(List.of("dddddddd-0000-0000-0000-000000000001"), now.subList(0, 1).stream().map(KeyCredential::keyId).toList());
    assertEquals(user.sha1Thumbprint(), now.get(1).thumbprint());
    assertEquals(List.of(), secrets.keys.delivered, "appreg never holds the user's private key");
  }
}
