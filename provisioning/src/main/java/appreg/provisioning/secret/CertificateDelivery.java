package appreg.provisioning.secret;

import java.time.Instant;

/**
 * A certificate appreg made, with its private key, to hand over: enough to sign in as the application. The certificate
 * travels as base64 DER with its thumbprints (upper-case hex); the key only as {@link PrivateKeyMaterial}.
 */
public record CertificateDelivery(String key, String tenantId, String clientId, String keyId, String certificateBase64,
                                  String sha1Thumbprint, String sha256Thumbprint, Instant expiresOn,
                                  PrivateKeyMaterial privateKey) {}
