package appreg.provisioning.secret;

import appreg.provisioning.files.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private keys of certificates appreg makes, in the secret directory beside the secrets and under the same rules
 * ({@link SecretDirectory#check}: created 0700 when missing, probed before any tenant write, files wider than 0600
 * refused): {@code KEY.pem} (PKCS#8 private key, then the certificate), {@code KEY.pfx} (PKCS#12 with a random
 * password) and, in {@code KEY.json} under {@code "certificate"}, the key id, thumbprints, expiry, both paths and the
 * PFX password. Each file is written atomically with mode 0600; when one of them cannot be written, the ones already
 * replaced get their previous content back, so a failed delivery never leaves a key without its certificate.
 */
final class KeyFiles implements KeyDestination {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALIAS = "appreg";
  private final SecretDirectory dir;

  KeyFiles(SecretDirectory dir) {
    this.dir = dir;
  }

  Path pem(String key) {
    return dir.dir().resolve(key + ".pem");
  }

  Path pfx(String key) {
    return dir.dir().resolve(key + ".pfx");
  }

  Path pendingFile(String key) {
    return dir.dir().resolve("." + key + ".pending-certificate");
  }

  @Override
  public String describe(String key) {
    return pem(key) + " and " + pfx(key) + " (password in " + dir.file(key).getFileName() + ")";
  }

  @Override
  public void check(String key) {
    dir.check(key);
    for (Path f : new Path[] {pem(key), pfx(key)}) dir.checkExisting(f, "private key");
  }

  @Override
  public void deliver(CertificateDelivery d) {
    byte[] der = Base64.getDecoder().decode(d.certificateBase64());
    String pemText = d.privateKey().pem() + "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    String password = password();
    byte[] pfxBytes = pkcs12(d.privateKey(), der, password.toCharArray());
    Map<Path, byte[]> previous = new LinkedHashMap<>();
    try {
      replace(pem(d.key()), pemText.getBytes(StandardCharsets.US_ASCII), previous);
      replace(pfx(d.key()), pfxBytes, previous);
      Path json = dir.file(d.key());
      previous.put(json, read(json));
      dir.updateJson(d.key(), root -> {
        root.put("tenantId", d.tenantId());
        root.put("clientId", d.clientId());
        ObjectNode c = root.putObject("certificate");
        c.put("keyId", d.keyId());
        c.put("thumbprint", d.sha1Thumbprint());
        c.put("thumbprintSha256", d.sha256Thumbprint());
        c.put("expiresOn", String.valueOf(d.expiresOn()));
        c.put("pem", pem(d.key()).toString());
        c.put("pfx", pfx(d.key()).toString());
        c.put("pfxPassword", password);
      });
    } catch (IOException | DeliveryException e) {
      restore(previous);
      throw new DeliveryException("could not write the certificate's key files for '" + d.key() + "' to --secret-dir "
          + dir.dir() + ": " + (e instanceof IOException io ? SecretDirectory.reason(io) : e.getMessage()), e);
    }
  }

  private static void replace(Path target, byte[] bytes, Map<Path, byte[]> previous) throws IOException {
    previous.put(target, read(target));
    AtomicFiles.write(target, bytes, true);
  }

  private static byte[] read(Path f) {
    try {
      return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(f) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void restore(Map<Path, byte[]> previous) {
    for (var e : previous.entrySet()) {
      try {
        if (e.getValue() == null) Files.deleteIfExists(e.getKey());
        else AtomicFiles.write(e.getKey(), e.getValue(), true);
      } catch (IOException ignored) {
        // best effort: the failure being reported says which directory to look at
      }
    }
  }

  /** 24 random bytes, base64url: 32 characters. Registered for scrubbing like any secret. */
  private static String password() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    String p = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    new Sensitive(p);
    return p;
  }

  private static byte[] pkcs12(PrivateKeyMaterial key, byte[] der, char[] password) {
    try {
      Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, key.key(), password, new Certificate[] {cert});
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new DeliveryException("could not build the PKCS#12 file: " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public void markPending(String key, Instant issuedAfter) {
    try {
      Files.writeString(pendingFile(key), issuedAfter.toString() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DeliveryException("could not write to --secret-dir " + dir.dir() + ": " + SecretDirectory.reason(e), e);
    }
  }

  @Override
  public void clearPending(String key) {
    try {
      Files.deleteIfExists(pendingFile(key));
    } catch (IOException e) {
      throw new DeliveryException("could not write to --secret-dir " + dir.dir() + ": " + SecretDirectory.reason(e), e);
    }
  }

  @Override
  public Optional<Instant> pendingSince(String key) {
    return SecretDirectory.pendingMark(pendingFile(key));
  }

  @Override
  public Optional<String> deliveredThumbprint(String key) {
    JsonNode root = dir.readJson(key);
    JsonNode t = root == null ? null : root.path("certificate").get("thumbprint");
    return t == null || !t.isTextual() ? Optional.empty() : Optional.of(t.asText());
  }

  private static final Pattern PEM_CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

  @Override
  public Optional<HeldCertificate> held(String key) {
    byte[] bytes = read(pem(key));
    if (bytes == null) return Optional.empty();
    String text = new String(bytes, StandardCharsets.US_ASCII);
    Matcher m = PEM_CERTIFICATE.matcher(text);
    if (!m.find()) return Optional.empty();
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
      return PrivateKeyMaterial.fromPem(text, cert.getPublicKey())
          .map(k -> new HeldCertificate(Base64.getEncoder().encodeToString(der), k));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
