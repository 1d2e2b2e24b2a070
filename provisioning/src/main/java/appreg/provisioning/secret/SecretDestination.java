package appreg.provisioning.secret;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where issued secrets go. Before issuing, apply marks the key pending; after delivering, it clears the mark. A mark
 * left behind tells the next run that a secret issued after that instant never arrived, so it can be revoked.
 */
public interface SecretDestination {
  /** For output: where secrets go ("/path/to/dir/<key>.json", "stdout"). */
  String describe(String key);

  /** Fails (DeliveryException) when delivery could not work, before anything is written to the tenant. */
  void check(String key);

  void deliver(SecretDelivery delivery);

  void markPending(String key, Instant issuedAfter);

  void clearPending(String key);

  Optional<Instant> pendingSince(String key);

  static SecretDestination of(List<SecretDestination> all) {
    if (all.size() == 1) return all.get(0);
    return new SecretDestination() {
      @Override public String describe(String key) {
        return String.join(" and ", all.stream().map(d -> d.describe(key)).toList());
      }
      @Override public void check(String key) { all.forEach(d -> d.check(key)); }
      @Override public void deliver(SecretDelivery d) { all.forEach(x -> x.deliver(d)); }
      @Override public void markPending(String key, Instant at) { all.forEach(d -> d.markPending(key, at)); }
      @Override public void clearPending(String key) { all.forEach(d -> d.clearPending(key)); }
      @Override public Optional<Instant> pendingSince(String key) {
        return all.stream().map(d -> d.pendingSince(key)).flatMap(Optional::stream).min(Instant::compareTo);
      }
    };
  }
}
