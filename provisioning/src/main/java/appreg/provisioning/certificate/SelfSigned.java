package appreg.provisioning.certificate;

import appreg.provisioning.secret.PrivateKeyMaterial;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.security.auth.x500.X500Principal;

/**
 * Makes a self-signed X.509 v3 certificate for an application to sign in with (client credentials with a certificate),
 * using the JDK alone: {@code KeyPairGenerator} for the key, {@code X500Principal} for the subject's encoding, the
 * public key's own X.509 encoding, {@code Signature} for the signature, and {@code CertificateFactory} to parse the
 * result back and verify it. Only the to-be-signed structure is encoded here ({@link Der}).
 *
 * <p>Extensions: basic constraints (not a CA, critical), key usage digitalSignature (critical), extended key usage
 * clientAuth, subject key identifier. The same shape as the self-signed certificates Microsoft's instructions create
 * for app authentication (https://learn.microsoft.com/entra/identity-platform/howto-create-self-signed-certificate).
 */
public final class SelfSigned {
  private SelfSigned() {}

  public enum KeyType { RSA, EC }

  /** A certificate and its private key, fresh from {@link #generate}. */
  public record Generated(CertificateInfo certificate, PrivateKeyMaterial privateKey) {}

  private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String ECDSA_WITH_SHA384 = "1.2.840.10045.4.3.3";

  /**
   * @param subject an X.500 name such as {@code CN=partner-referrals}
   * @param keySize RSA modulus bits (2048, 3072, 4096), or the EC curve's size (256 for P-256, 384 for P-384)
   * @param notBefore start of validity; whole seconds are kept (X.509 time has no fractions)
   */
  public static Generated generate(String subject, KeyType type, int keySize, Instant notBefore, Instant notAfter,
                                   SecureRandom random) {
    try {
      X500Principal name = new X500Principal(subject);
      KeyPair pair = keyPair(type, keySize, random);
      String sigOid = type == KeyType.RSA ? SHA256_WITH_RSA : keySize > 256 ? ECDSA_WITH_SHA384 : ECDSA_WITH_SHA256;
      String sigJca = type == KeyType.RSA ? "SHA256withRSA" : keySize > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
      byte[] algorithm = type == KeyType.RSA ? Der.sequence(Der.oid(sigOid), Der.nul()) : Der.sequence(Der.oid(sigOid));
      byte[] spki = pair.getPublic().getEncoded();
      byte[] serial = new byte[16];
      random.nextBytes(serial);
      byte[] tbs = Der.sequence(
          Der.explicit(0, Der.integer(2)),
          Der.integer(new BigInteger(1, serial)),
          algorithm,
          name.getEncoded(),
          Der.sequence(Der.time(notBefore.truncatedTo(ChronoUnit.SECONDS)), Der.time(notAfter.truncatedTo(ChronoUnit.SECONDS))),
          name.getEncoded(),
          spki,
          Der.explicit(3, Der.sequence(
              extension("2.5.29.19", true, Der.sequence()),
              extension("2.5.29.15", true, Der.bitString(new byte[] {(byte) 0x80}, 7)),
              extension("2.5.29.37", false, Der.sequence(Der.oid("1.3.6.1.5.5.7.3.2"))),
              extension("2.5.29.14", false, Der.octetString(CertificateInfo.digest("SHA-1", publicKeyBits(spki)))))));
      Signature signer = Signature.getInstance(sigJca);
      signer.initSign(pair.getPrivate(), random);
      signer.update(tbs);
      byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign(), 0));
      X509Certificate parsed = CertificateInfo.read(der);
      parsed.verify(pair.getPublic());
      return new Generated(CertificateInfo.of(parsed), PrivateKeyMaterial.of(pair.getPrivate(), pair.getPublic()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a " + type + " " + keySize + " certificate: " + e.getMessage(), e);
    }
  }

  private static KeyPair keyPair(KeyType type, int keySize, SecureRandom random) throws GeneralSecurityException {
    if (type == KeyType.RSA) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(new RSAKeyGenParameterSpec(keySize, RSAKeyGenParameterSpec.F4), random);
      return g.generateKeyPair();
    }
    String curve = switch (keySize) {
      case 256 -> "secp256r1";
      case 384 -> "secp384r1";
      default -> throw new IllegalArgumentException("no EC curve of " + keySize + " bits is offered; use 256 (P-256) or 384 (P-384)");
    };
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve), random);
    return g.generateKeyPair();
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical
        ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
        : Der.sequence(Der.oid(oid), Der.octetString(value));
  }

  /** The subjectPublicKey BIT STRING's content (RFC 5280 4.2.1.2 method 1 hashes exactly these bits). */
  private static byte[] publicKeyBits(byte[] spki) {
    int i = skipHeader(spki, 0);          // into SubjectPublicKeyInfo
    i = skipValue(spki, i);               // past AlgorithmIdentifier
    int start = skipHeader(spki, i) + 1;  // into the BIT STRING, past its unused-bits byte
    return java.util.Arrays.copyOfRange(spki, start, spki.length);
  }

  private static int skipHeader(byte[] d, int at) {
    int len = d[at + 1] & 0xFF;
    return at + 2 + (len < 0x80 ? 0 : len & 0x7F);
  }

  private static int skipValue(byte[] d, int at) {
    int len = d[at + 1] & 0xFF;
    int header = 2;
    if (len >= 0x80) {
      int n = len & 0x7F;
      len = 0;
      for (int k = 0; k < n; k++) len = (len << 8) | (d[at + 2 + k] & 0xFF);
      header += n;
    }
    return at + header + len;
  }
}
