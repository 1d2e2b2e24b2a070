package appreg.provisioning.secret;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private key of a certificate appreg generated. Like a {@link Sensitive} it prints as {@code (sensitive)}; code
 * outside this package can sign with it (the proof of possession for Graph's {@code addKey}) but never read it. Its
 * encoded form is registered with {@link Sensitive#scrub}, so text that somehow quoted it is cleaned before printing.
 */
public final class PrivateKeyMaterial {
  private final PrivateKey key;
  private final Sensitive pkcs8;
  /** The lines of the PEM form that hold private bits (lines holding only the public modulus or point are public). */
  private final java.util.List<Sensitive> privateLines = new java.util.ArrayList<>();

  private PrivateKeyMaterial(PrivateKey key, java.security.PublicKey publicKey) {
    this.key = Objects.requireNonNull(key, "key");
    this.pkcs8 = new Sensitive(Base64.getEncoder().encodeToString(key.getEncoded()));
    java.util.List<String> publicText = new java.util.ArrayList<>();
    if (publicKey != null) {
      byte[] spki = publicKey.getEncoded();
      for (int shift = 0; shift < 3; shift++) {
        publicText.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(spki, shift, spki.length)));
      }
    }
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    for (String line : body.split("\n")) {
      if (line.length() < 32 || publicText.stream().anyMatch(p -> p.contains(line))) continue;
      privateLines.add(new Sensitive(line));
    }
  }

  /** {@code publicKey} (nullable) tells which parts of the key's encoding are public and need no guarding. */
  public static PrivateKeyMaterial of(PrivateKey key, java.security.PublicKey publicKey) {
    return new PrivateKeyMaterial(key, publicKey);
  }

  /** "RSA" or "EC". */
  public String algorithm() {
    return key.getAlgorithm();
  }

  /** Signs {@code data} with this key ({@code SHA256withRSA}, {@code SHA256withECDSA}, ...). */
  public byte[] sign(String signatureAlgorithm, byte[] data) {
    try {
      Signature s = Signature.getInstance(signatureAlgorithm);
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the " + key.getAlgorithm() + " key: " + e.getClass().getSimpleName(), e);
    }
  }

  /** True when {@code text} contains this key's encoding (whole, or one line of its PEM form); for tests and guards. */
  public boolean occursIn(CharSequence text) {
    if (text == null) return false;
    if (pkcs8.occursIn(text)) return true;
    for (Sensitive line : privateLines) if (line.occursIn(text)) return true;
    return false;
  }

  PrivateKey key() {
    return key;
  }

  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"): what OpenSSL, MSAL and Azure Identity read. */
  String pem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  /** Reads the PKCS#8 key of a PEM file appreg wrote; empty when there is none or it cannot be read. */
  static java.util.Optional<PrivateKeyMaterial> fromPem(String text, java.security.PublicKey publicKey) {
    Matcher m = PEM_KEY.matcher(text);
    if (!m.find()) return java.util.Optional.empty();
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return java.util.Optional.of(new PrivateKeyMaterial(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der)), publicKey));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public String toString() {
    return "(sensitive)";
  }
}
