package appreg.provisioning.secret;

/**
 * The certificate and private key a previous run delivered to the secret directory ({@code KEY.pem}): what signs the
 * proof of possession when the next certificate is added with {@code addKey}.
 */
public record HeldCertificate(String certificateBase64, PrivateKeyMaterial privateKey) {}
