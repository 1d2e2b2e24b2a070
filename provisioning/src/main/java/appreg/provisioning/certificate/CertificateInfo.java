package appreg.provisioning.certificate;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public facts of one X.509 certificate: what Graph's {@code keyCredential.key} carries ({@code der}, base64), the
 * thumbprints Entra shows (SHA-1 hex, and SHA-256 hex since the portal shows both), the validity and the key. Never a
 * private key. Built only through {@link #parse}, so every instance is a certificate the JDK could read.
 */
public record CertificateInfo(String derBase64, String subject, Instant notBefore, Instant notAfter,
                              String keyAlgorithm, int keyBits, String signatureAlgorithm) {

  public byte[] der() {
    return Base64.getDecoder().decode(derBase64);
  }

  /** SHA-1 of the DER, upper-case hex: the "Thumbprint" of the Entra portal and of Windows. */
  public String sha1Thumbprint() {
    return HexFormat.of().withUpperCase().formatHex(sha1());
  }

  /** SHA-256 of the DER, upper-case hex. */
  public String sha256Thumbprint() {
    return HexFormat.of().withUpperCase().formatHex(digest("SHA-256", der()));
  }

  /** The SHA-1 thumbprint's bytes: what appreg sends as {@code customKeyIdentifier}, Graph's default for certificates. */
  public byte[] sha1() {
    return digest("SHA-1", der());
  }

  /** "RSA 3072", "EC P-256". */
  public String keyDescription() {
    return keyAlgorithm.equals("EC") ? "EC " + curveName(keyBits) : keyAlgorithm + " " + keyBits;
  }

  public static String curveName(int fieldBits) {
    return switch (fieldBits) {
      case 224 -> "P-224";
      case 256 -> "P-256";
      case 384 -> "P-384";
      case 521 -> "P-521";
      default -> fieldBits + "-bit curve";
    };
  }

  /** Reads one certificate from DER bytes or PEM text (the first CERTIFICATE block). */
  public static CertificateInfo parse(byte[] derOrPem) throws CertificateException {
    return of(read(derOrPem));
  }

  public static CertificateInfo of(X509Certificate c) {
    try {
      return new CertificateInfo(Base64.getEncoder().encodeToString(c.getEncoded()), c.getSubjectX500Principal().getName(),
          c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), algorithm(c.getPublicKey()), bits(c.getPublicKey()),
          c.getSigAlgName());
    } catch (CertificateException e) {
      throw new IllegalStateException("a parsed certificate could not be encoded again", e);
    }
  }

  static X509Certificate read(byte[] derOrPem) throws CertificateException {
    byte[] der = pemBody(derOrPem).orElse(derOrPem);
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static final Pattern PEM_CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

  /** The DER inside the first PEM CERTIFICATE block, when the bytes are PEM text. */
  static Optional<byte[]> pemBody(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    Matcher m = PEM_CERTIFICATE.matcher(text);
    if (!m.find()) return Optional.empty();
    return Optional.of(Base64.getMimeDecoder().decode(m.group(1)));
  }

  /** True when the bytes hold a private key in any PEM form (PKCS#1, PKCS#8, encrypted, EC). */
  public static boolean holdsPrivateKey(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    return text.contains("PRIVATE KEY-----");
  }

  private static String algorithm(PublicKey k) {
    String a = k.getAlgorithm().toUpperCase(Locale.ROOT);
    return a.equals("ECDSA") ? "EC" : a;
  }

  private static int bits(PublicKey k) {
    if (k instanceof RSAPublicKey r) return r.getModulus().bitLength();
    if (k instanceof ECPublicKey e) return e.getParams().getCurve().getField().getFieldSize();
    return 0;
  }

  static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
    }
  }
}
