package appreg.provisioning.reconcile;

import appreg.provisioning.secret.CertificateDelivery;
import appreg.provisioning.secret.DeliveryException;
import appreg.provisioning.secret.HeldCertificate;
import appreg.provisioning.secret.KeyDestination;
import appreg.provisioning.secret.SecretDelivery;
import appreg.provisioning.secret.SecretDestination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A secret destination that keeps what it was given and logs into the gateway's log; can be told to fail. */
final class RecordingSecrets implements SecretDestination {
  final List<String> log;
  final List<SecretDelivery> delivered = new ArrayList<>();
  final Map<String, Instant> pending = new HashMap<>();
  DeliveryException failWith;

  RecordingSecrets(List<String> log) {
    this.log = log;
  }

  @Override
  public String describe(String key) {
    return "/secrets/" + key + ".json";
  }

  @Override
  public void check(String key) {
    if (failWith != null) throw failWith;
  }

  @Override
  public void deliver(SecretDelivery d) {
    log.add("deliver " + d.key() + " " + d.secret().keyId());
    if (failWith != null) throw failWith;
    delivered.add(d);
  }

  @Override
  public void markPending(String key, Instant issuedAfter) {
    log.add("markPending " + key + " " + issuedAfter);
    pending.put(key, issuedAfter);
  }

  @Override
  public void clearPending(String key) {
    log.add("clearPending " + key);
    pending.remove(key);
  }

  @Override
  public Optional<Instant> pendingSince(String key) {
    return Optional.ofNullable(pending.get(key));
  }

  @Override
  public void forget(String key) {
    log.add("forget " + key);
  }

  /** The private keys of certificates: recorded the same way; {@code held} is what a previous run left behind. */
  final Keys keys = new Keys();

  @Override
  public Optional<KeyDestination> keys() {
    return Optional.of(keys);
  }

  final class Keys implements KeyDestination {
    final List<CertificateDelivery> delivered = new ArrayList<>();
    final Map<String, Instant> pending = new HashMap<>();
    HeldCertificate held;
    DeliveryException failWith;

    @Override public String describe(String key) { return "/secrets/" + key + ".pem"; }
    @Override public void check(String key) { if (failWith != null) throw failWith; }

    @Override
    public void deliver(CertificateDelivery d) {
      log.add("deliverKey " + d.key() + " " + d.keyId());
      if (failWith != null) throw failWith;
      delivered.add(d);
    }

    @Override
    public void markPending(String key, Instant issuedAfter) {
      log.add("markPendingCertificate " + key + " " + issuedAfter);
      pending.put(key, issuedAfter);
    }

    @Override
    public void clearPending(String key) {
      log.add("clearPendingCertificate " + key);
      pending.remove(key);
    }

    @Override public Optional<Instant> pendingSince(String key) { return Optional.ofNullable(pending.get(key)); }

    @Override
    public Optional<String> deliveredThumbprint(String key) {
      return delivered.isEmpty() ? Optional.empty() : Optional.of(delivered.get(delivered.size() - 1).sha1Thumbprint());
    }

    @Override public Optional<HeldCertificate> held(String key) { return Optional.ofNullable(held); }
  }
}
