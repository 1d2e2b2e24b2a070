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

  /** The key id of the secret this destination last received for {@code key}, when it can tell. */
  default Optional<String> deliveredKeyId(String key) {
    return Optional.empty();
  }

  /**
   * The client id of the application whose secret this destination holds for {@code key}, when it holds one it can
   * read (delete removes that file only when it belongs to the registration being deleted).
   */
  default Optional<String> deliveredClientId(String key) {
    return Optional.empty();
  }

  /** Removes what this destination holds for {@code key} (the delivered secret, a pending mark); nothing is fine. */
  default void forget(String key) {}

  /** Where certificates' private keys may go: only a secret directory offers that; stdout never does. */
  default Optional<KeyDestination> keys() {
    return Optional.empty();
  }

  /** All of {@code all} at once; none at all is a destination that knows of no pending or delivered secret. */
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
      @Override public Optional<String> deliveredKeyId(String key) {
        return all.stream().map(d -> d.deliveredKeyId(key)).flatMap(Optional::stream).findFirst();
      }
      @Override public Optional<String> deliveredClientId(String key) {
        return all.stream().map(d -> d.deliveredClientId(key)).flatMap(Optional::stream).findFirst();
      }
      @Override public void forget(String key) { all.forEach(d -> d.forget(key)); }
      @Override public Optional<Instant> pendingSince(String key) {
        return all.stream().map(d -> d.pendingSince(key)).flatMap(Optional::stream).min(Instant::compareTo);
      }
      @Override public Optional<KeyDestination> keys() {
        return all.stream().map(SecretDestination::keys).flatMap(Optional::stream).findFirst();
      }
    };
  }
}
