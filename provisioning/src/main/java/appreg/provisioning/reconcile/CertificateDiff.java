package appreg.provisioning.reconcile;

import appreg.provisioning.certificate.CertificateInfo;
import appreg.provisioning.manifest.CertificateSpec;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.Registration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A registration's certificate against the manifest's. A certificate appreg makes is kept like a secret: the newest
 * one named {@code displayName} must be valid beyond {@code rotateWithinDays}, a new one is added before any old one
 * goes, expired ones are removed, and one whose private key never reached the secret directory is removed. The
 * user's certificate is found by its thumbprint; appreg cannot renew it, so an expired or expiring one is a manual step.
 */
final class CertificateDiff {
  /** How long before a user's certificate expires that plan starts saying so. */
  static final int USER_CERTIFICATE_WARNING_DAYS = 30;

  private final String key;
  private final CertificateSpec spec;
  private final Optional<Registration> reg;
  private final Instant now;
  private final Differ.SecretLedger ledger;
  private final List<Step> steps;

  CertificateDiff(String key, CertificateSpec spec, Optional<Registration> reg, Instant now, Differ.SecretLedger ledger,
                  List<Step> steps) {
    this.key = key;
    this.spec = spec;
    this.reg = reg;
    this.now = now;
    this.ledger = ledger;
    this.steps = steps;
  }

  void run() {
    if (spec.generated()) generated();
    else fromFile();
  }

  private List<KeyCredential> named() {
    return reg.map(r -> r.keyCredentials().stream()
        .filter(k -> Objects.equals(k.displayName(), spec.displayName())).toList()).orElse(List.of());
  }

  private void generated() {
    List<KeyCredential> managed = named();
    List<KeyCredential> orphans = managed.stream()
        .filter(k -> ledger.undeliveredCertificateKeyIds().contains(k.keyId().toLowerCase(Locale.ROOT))).toList();
    List<KeyCredential> expired = managed.stream().filter(k -> k.expiredAt(now)).toList();
    // not valid yet: starts in the future (beyond an hour of clock skew)
    List<KeyCredential> valid = managed.stream().filter(k -> !k.expiredAt(now) && !orphans.contains(k)
        && (k.startDateTime() == null || !k.startDateTime().isAfter(now.plus(Duration.ofHours(1))))).toList();
    Drift kind;
    if (valid.isEmpty()) {
      kind = expired.isEmpty()
          ? drift(DriftKind.CERTIFICATE_MISSING, "no valid certificate named '" + spec.displayName() + "'"
              + (orphans.isEmpty() ? "" : " (" + orphans.size() + " made by an interrupted run, its private key never delivered)"))
          : drift(DriftKind.CERTIFICATE_EXPIRED, "every certificate named '" + spec.displayName() + "' has expired (newest ended "
              + newest(expired).endDateTime() + ")");
    } else {
      KeyCredential newest = newest(valid);
      Instant end = newest.endDateTime();
      kind = end != null && !end.isAfter(now.plus(Duration.ofDays(spec.generate().rotateWithinDays())))
          ? drift(DriftKind.CERTIFICATE_EXPIRING, "the newest certificate (" + newest.keyId() + ") expires " + end
              + ", within rotateWithinDays " + spec.generate().rotateWithinDays())
          : null;
    }
    for (KeyCredential o : orphans) {
      steps.add(new Step(kind != null ? kind : drift(DriftKind.CERTIFICATE_MISSING, "certificate " + o.keyId()
          + " was made by an interrupted run and its private key was never delivered"),
          new Action.RemoveCertificate(key, reg.get().id(), o.keyId(), "made by an interrupted run, private key never delivered")));
    }
    if (kind != null) {
      steps.add(new Step(kind, new Action.GenerateCertificate(key, spec.displayName(), spec.generate(),
          expired.stream().map(KeyCredential::keyId).toList())));
    } else {
      removeExpired(expired);
    }
  }

  private void fromFile() {
    CertificateInfo c = spec.file().certificate();
    String file = spec.file().path();
    Optional<KeyCredential> registered = reg.flatMap(r -> r.keyCredentials().stream()
        .filter(k -> c.sha1Thumbprint().equalsIgnoreCase(k.thumbprint())).findFirst());
    if (!c.notAfter().isAfter(now)) {
      steps.add(new Step(drift(DriftKind.CERTIFICATE_EXPIRED, "the certificate in " + file + " (" + c.sha1Thumbprint()
          + ") expired on " + day(c.notAfter())), new Action.ManualStep(key, "renew the certificate in " + file
          + " (it expired on " + day(c.notAfter()) + "), point 'file' at the new one and run apply again")));
      return;
    }
    List<KeyCredential> expired = named().stream().filter(k -> k.expiredAt(now))
        .filter(k -> registered.map(r -> !r.keyId().equals(k.keyId())).orElse(true)).toList();
    if (registered.isEmpty()) {
      steps.add(new Step(drift(DriftKind.CERTIFICATE_MISSING, "the certificate in " + file + " (" + c.sha1Thumbprint()
          + ") is not registered"), new Action.RegisterCertificate(key, spec.displayName(), file, c,
          expired.stream().map(KeyCredential::keyId).toList())));
      return;
    }
    if (!c.notAfter().isAfter(now.plus(Duration.ofDays(USER_CERTIFICATE_WARNING_DAYS)))) {
      steps.add(new Step(drift(DriftKind.CERTIFICATE_EXPIRING, "the certificate in " + file + " (" + c.sha1Thumbprint()
          + ") expires on " + day(c.notAfter())), new Action.ManualStep(key, "renew the certificate in " + file
          + " before " + day(c.notAfter()) + ", point 'file' at the new one and run apply: appreg registers it and keeps "
          + "the old one until it expires")));
    }
    removeExpired(expired);
  }

  private void removeExpired(List<KeyCredential> expired) {
    for (KeyCredential e : expired) {
      steps.add(new Step(drift(DriftKind.CERTIFICATE_EXPIRED, "certificate " + e.keyId() + " ended " + e.endDateTime()),
          new Action.RemoveCertificate(key, reg.get().id(), e.keyId(), "expired " + e.endDateTime())));
    }
  }

  private static KeyCredential newest(List<KeyCredential> in) {
    return in.stream().max(Comparator.comparing(k -> k.endDateTime() == null ? Instant.MAX : k.endDateTime())).orElseThrow();
  }

  private static String day(Instant i) {
    return DateTimeFormatter.ISO_LOCAL_DATE.format(i.atOffset(ZoneOffset.UTC));
  }

  private Drift drift(DriftKind kind, String detail) {
    return new Drift(key, kind, detail);
  }
}
