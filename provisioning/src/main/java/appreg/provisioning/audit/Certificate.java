package appreg.provisioning.audit;

import appreg.provisioning.certificate.CertificateInfo;
import appreg.provisioning.tenant.KeyCredential;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the audit keeps of a certificate credential whose certificate was read: the credential's names and dates and
 * the certificate's key and signature algorithm, never the certificate bytes (a tenant can hold thousands). {@code
 * keyAlgorithm} is empty when the bytes Graph returned are not a certificate the JDK can read.
 */
public record Certificate(String keyId, String displayName, Instant endDateTime, String thumbprint, String subject,
                          String keyAlgorithm, int keyBits, String signatureAlgorithm) {

  /** The credentials the certificate rules judge: certificates for signing in (AsymmetricX509Cert), not yet expired. */
  public static List<KeyCredential> judged(List<KeyCredential> credentials, Instant now) {
    List<KeyCredential> out = new ArrayList<>();
    for (KeyCredential k : credentials) {
      if (KeyCredential.ASYMMETRIC_X509_CERT.equalsIgnoreCase(k.type()) && !k.expiredAt(now)) out.add(k);
    }
    return out;
  }

  /** The credential with its certificate (its {@code key}, base64 DER) read. */
  public static Certificate of(KeyCredential k) {
    CertificateInfo info = null;
    try {
      if (k.key() != null) info = CertificateInfo.parse(Base64.getDecoder().decode(k.key()));
    } catch (CertificateException | IllegalArgumentException e) {
      info = null;
    }
    String thumbprint = info != null ? info.sha1Thumbprint() : k.thumbprint();
    return info == null
        ? new Certificate(k.keyId(), k.displayName(), k.endDateTime(), thumbprint, "", "", 0, "")
        : new Certificate(k.keyId(), k.displayName(), k.endDateTime(), thumbprint, info.subject(), info.keyAlgorithm(),
            info.keyBits(), info.signatureAlgorithm());
  }

  public boolean readable() {
    return !keyAlgorithm.isEmpty();
  }

  /** "certificate 'CN=deploy' (keyId 0f3…, thumbprint 1A2B…)" */
  public String describe() {
    String name = displayName == null || displayName.isBlank() ? "" : " '" + displayName + "'";
    return "certificate" + name + " (keyId " + keyId + (thumbprint == null ? "" : ", thumbprint " + thumbprint) + ")";
  }

  /** "RSA 1024", "EC P-256" */
  public String key() {
    return keyAlgorithm.equals("EC") ? "EC " + CertificateInfo.curveName(keyBits) : keyAlgorithm + " " + keyBits;
  }

  public Map<String, String> details() {
    return Rule.details("credentialType", Credential.Kind.CERTIFICATE.id(), "keyId", keyId, "displayName", displayName,
        "thumbprint", thumbprint, "subject", subject.isEmpty() ? null : subject, "keyAlgorithm", keyAlgorithm,
        "keySize", Integer.toString(keyBits), "signatureAlgorithm", signatureAlgorithm,
        "endDateTime", endDateTime == null ? "never" : Credential.date(endDateTime));
  }
}
