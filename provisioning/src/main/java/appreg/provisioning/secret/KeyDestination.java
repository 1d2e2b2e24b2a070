package appreg.provisioning.secret;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the private keys of certificates appreg makes go: only ever a secret directory ({@code --secret-dir}), never
 * stdout. The same pending protocol as secrets: marked before the certificate is registered, cleared once its key is
 * delivered, so that the next run can find and remove a certificate whose key never arrived.
 */
public interface KeyDestination {
  /** For output: the files a certificate's key goes to. */
  String describe(String key);

  /** Fails (DeliveryException) when delivery could not work, before anything is written to the tenant. */
  void check(String key);

  void deliver(CertificateDelivery delivery);

  void markPending(String key, Instant issuedAfter);

  void clearPending(String key);

  Optional<Instant> pendingSince(String key);

  /** The SHA-1 thumbprint (upper-case hex) of the certificate last delivered for {@code key}, when known. */
  Optional<String> deliveredThumbprint(String key);

  /** The certificate and key last delivered for {@code key}, when they can be read back. */
  Optional<HeldCertificate> held(String key);
}
