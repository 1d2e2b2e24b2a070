package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.RecordedRequest;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates and federated credentials end to end against the sandbox: a generated certificate, a user's
 * certificate and two federated credentials (GitHub and Kubernetes shorthands) applied; a second apply that writes
 * nothing; each out-of-band change reported by plan with its kind and repaired by apply; the requests as Graph
 * documents them; the private key in 0600 files only.
 */
class CredentialsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String AKS_ISSUER = "https://eastus.oic.prod-aks.azure.com/3d1e2be9-a10a-4a0c-8380-7ce190f98ed9/"
      + "8c8f1c2f-5a11-4d4e-9d3e-6f0c1b2a3c4d/";
  static final String MANIFEST = """
      applications:
        - key: cred-app
          displayName: Credential App
          certificate:
            generate: {keySize: 2048, lifetimeDays: 90, rotateWithinDays: 10}
          federatedCredentials:
            - name: github-deploy
              github: {repo: contoso/partner-app, environment: production}
            - name: aks-worker
              kubernetes: {issuer: '%s', namespace: partner, serviceAccount: worker}
        - key: user-cert-app
          displayName: User Certificate App
          certificate:
            file: user.cer
      """.formatted(AKS_ISSUER);

  @TempDir Path dir;

  @Test
  void certificatesAndFederatedCredentialsAreAppliedKeptAndRepaired() throws Exception {
    byte[] userCert = userCertificate();
    Files.write(dir.resolve("user.cer"), userCert);
    Path manifest = dir.resolve("m.yaml");
    Files.writeString(manifest, MANIFEST);
    Path secrets = Cli.secretDir(dir);
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun first = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", secrets.toString(), "-v");
      assertEquals(0, first.exitCode(), first::toString);

      // --- the tenant holds what the manifest says
      ObjectNode app = only(tenant.applicationsWithUniqueName("cred-app"));
      String appObject = app.path("id").asText();
      JsonNode keys = app.path("keyCredentials");
      assertEquals(1, keys.size(), keys::toString);
      JsonNode key = keys.get(0);
      assertEquals("AsymmetricX509Cert", key.path("type").asText());
      assertEquals("Verify", key.path("usage").asText());
      assertEquals("appreg", key.path("displayName").asText());
      X509Certificate made = certificate(Base64.getDecoder().decode(key.path("key").asText()));
      assertEquals("CN=cred-app", made.getSubjectX500Principal().getName());
      assertEquals(Duration.ofDays(90), Duration.between(made.getNotBefore().toInstant(), made.getNotAfter().toInstant()));
      assertEquals(Set.of(
              "github-deploy|https://token.actions.githubusercontent.com|repo:contoso/partner-app:environment:production|[\"api://AzureADTokenExchange\"]",
              "aks-worker|" + AKS_ISSUER + "|system:serviceaccount:partner:worker|[\"api://AzureADTokenExchange\"]"),
          fics(app));
      ObjectNode userApp = only(tenant.applicationsWithUniqueName("user-cert-app"));
      JsonNode userKeys = userApp.path("keyCredentials");
      assertEquals(1, userKeys.size());
      assertEquals(Base64.getEncoder().encodeToString(userCert), userKeys.get(0).path("key").asText());
      assertEquals(Base64.getEncoder().encodeToString(sha1(userCert)), userKeys.get(0).path("customKeyIdentifier").asText());

      // --- the private key is in the secret directory only, 0600, and matches the registered certificate
      Path pem = secrets.resolve("cred-app.pem");
      Path pfx = secrets.resolve("cred-app.pfx");
      Path json = secrets.resolve("cred-app.json");
      for (Path f : List.of(pem, pfx, json)) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
      }
      String pemText = Files.readString(pem);
      PrivateKey privateKey = privateKey(pemText);
      assertTrue(signsFor(privateKey, made), "KEY.pem holds the key of the registered certificate");
      JsonNode delivered = JSON.readTree(json.toFile()).path("certificate");
      assertEquals(hex(sha1(made.getEncoded())), delivered.path("thumbprint").asText());
      assertEquals(hex(MessageDigest.getInstance("SHA-256").digest(made.getEncoded())), delivered.path("thumbprintSha256").asText());
      assertEquals(key.path("keyId").asText(), delivered.path("keyId").asText());
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(pfx)) {
        store.load(in, delivered.path("pfxPassword").asText().toCharArray());
      }
      assertEquals(made, store.getCertificate(store.aliases().nextElement()));
      assertFalse(Files.exists(secrets.resolve("user-cert-app.pem")), "appreg never holds the user's private key");
      List<String> keyLines = privateLines(pemText, made);
      assertNoKeyText(keyLines, first.stdout() + first.stderr());
      assertFalse(first.stdout().contains(delivered.path("pfxPassword").asText()), "the PFX password is not printed");

      // --- on the wire, as Graph documents the calls
      List<RecordedRequest> writes = cli.writes();
      RecordedRequest post = writes.stream().filter(r -> r.method().equals("POST")
          && r.path().equals("/applications/" + appObject + "/federatedIdentityCredentials")).findFirst().orElseThrow();
      JsonNode ficBody = JSON.readTree(post.body());
      assertEquals(new TreeSet<>(List.of("name", "issuer", "subject", "audiences")), fieldNames(ficBody));
      RecordedRequest patch = writes.stream().filter(r -> r.method().equals("PATCH") && r.path().equals("/applications/" + appObject)
          && r.body().contains("keyCredentials")).findFirst().orElseThrow();
      JsonNode sent = JSON.readTree(patch.body());
      assertEquals(Set.of("keyCredentials"), fieldNames(sent), "only the collection is written");
      JsonNode entry = sent.path("keyCredentials").get(0);
      assertEquals(new TreeSet<>(List.of("customKeyIdentifier", "displayName", "endDateTime", "key", "keyId", "startDateTime",
          "type", "usage")), fieldNames(entry));
      assertNoKeyText(keyLines, writes.toString());

      // --- the settings a caller needs, in text and in JSON
      assertTrue(first.stdout().contains(hex(sha1(made.getEncoded())) + " (SHA-1)"), first::stdout);
      assertTrue(first.stdout().contains("client-id: " + app.path("appId").asText() + ", tenant-id: " + tenant.tenantId()),
          first::stdout);

      // --- a second apply writes nothing; plan is in sync
      tenant.resetRequestLog();
      CliRun second = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", secrets.toString(), "--format", "json");
      assertEquals(0, second.exitCode(), second::toString);
      assertEquals(List.of(), cli.writes(), "a second apply sends no write");
      JsonNode applied = JSON.readTree(second.stdout());
      assertEquals(Set.of(), JsonOutputIT.validate("apply", applied), applied::toString);
      JsonNode credSettings = null;
      for (JsonNode n : applied.path("settings")) if (n.path("application").asText().equals("cred-app")) credSettings = n;
      assertEquals(hex(sha1(made.getEncoded())), credSettings.path("certificate").path("thumbprint").asText());
      assertEquals(app.path("appId").asText(),
          credSettings.path("federatedCredentials").get(0).path("github").path("azureLogin").path("client-id").asText());
      assertEquals(0, plan(cli, manifest).exitCode());

      // --- a federated credential the manifest does not name is a note, left alone
      ArrayNode extra = (ArrayNode) only(tenant.applicationsWithUniqueName("cred-app")).path("federatedIdentityCredentials").deepCopy();
      ObjectNode legacy = extra.addObject();
      legacy.put("id", "0b0b0b0b-0000-0000-0000-000000000001").put("name", "legacy-deploy")
          .put("issuer", "https://token.actions.githubusercontent.com").put("subject", "repo:contoso/old:ref:refs/heads/main")
          .putNull("description").putArray("audiences").add("api://AzureADTokenExchange");
      tenant.update("applications", appObject, obj("federatedIdentityCredentials", extra));
      CliRun noted = plan(cli, manifest);
      assertEquals(0, noted.exitCode(), noted::toString);
      JsonNode notedDoc = JSON.readTree(noted.stdout());
      assertEquals(Set.of(), JsonOutputIT.validate("plan", notedDoc), notedDoc::toString);
      assertTrue(notedDoc.path("notes").get(0).path("text").asText().startsWith("federated credential 'legacy-deploy'"),
          notedDoc::toString);

      // --- out of band: the user's certificate removed
      tenant.update("applications", userApp.path("id").asText(), obj("keyCredentials", JSON.createArrayNode()));
      assertDrift(cli, manifest, "user-cert-app", "CERTIFICATE_MISSING");
      apply(cli, manifest, secrets);
      assertEquals(Base64.getEncoder().encodeToString(userCert),
          only(tenant.applicationsWithUniqueName("user-cert-app")).path("keyCredentials").get(0).path("key").asText());

      // --- out of band: a federated credential's subject changed, another deleted
      ArrayNode changed = (ArrayNode) only(tenant.applicationsWithUniqueName("cred-app")).path("federatedIdentityCredentials").deepCopy();
      ((ObjectNode) changed.get(0)).put("subject", "repo:contoso/partner-app:ref:refs/heads/main");
      tenant.update("applications", appObject, obj("federatedIdentityCredentials", changed));
      assertDrift(cli, manifest, "cred-app", "FEDERATED_CREDENTIAL_MISMATCH");
      tenant.resetRequestLog();
      apply(cli, manifest, secrets);
      RecordedRequest byName = only(cli.writes());
      assertEquals("PATCH", byName.method());
      assertEquals("/applications/" + appObject + "/federatedIdentityCredentials/github-deploy", byName.path());
      assertEquals(new TreeSet<>(List.of("issuer", "subject", "audiences")), fieldNames(JSON.readTree(byName.body())));
      ArrayNode oneLess = JSON.createArrayNode();
      oneLess.add(only(tenant.applicationsWithUniqueName("cred-app")).path("federatedIdentityCredentials").get(0).deepCopy());
      tenant.update("applications", appObject, obj("federatedIdentityCredentials", oneLess));
      assertDrift(cli, manifest, "cred-app", "FEDERATED_CREDENTIAL_MISSING");
      apply(cli, manifest, secrets);
      assertEquals(Set.of("github-deploy", "aks-worker"),
          new TreeSet<>(fics(only(tenant.applicationsWithUniqueName("cred-app"))).stream().map(x -> x.split("\\|")[0]).toList()));

      // --- out of band: the certificate expires soon; rotation adds with addKey, then --prune-secrets removes the old one
      ArrayNode aged = (ArrayNode) only(tenant.applicationsWithUniqueName("cred-app")).path("keyCredentials").deepCopy();
      ((ObjectNode) aged.get(0)).put("endDateTime", Instant.now().plus(Duration.ofDays(5)).toString());
      tenant.update("applications", appObject, obj("keyCredentials", aged));
      assertDrift(cli, manifest, "cred-app", "CERTIFICATE_EXPIRING");
      tenant.resetRequestLog();
      CliRun rotate = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", secrets.toString(),
          "--prune-secrets", "-v");
      assertEquals(0, rotate.exitCode(), rotate::toString);
      List<String> order = new ArrayList<>();
      for (RecordedRequest r : cli.writes()) {
        if (r.path().endsWith("/addKey")) order.add("addKey");
        else if (r.body().contains("keyCredentials")) order.add("patch keyCredentials");
      }
      assertEquals(List.of("addKey", "patch keyCredentials"), order, "the new certificate goes in before the old one goes");
      JsonNode addKey = JSON.readTree(cli.writes().stream().filter(r -> r.path().endsWith("/addKey")).findFirst().orElseThrow().body());
      assertEquals(new TreeSet<>(List.of("keyCredential", "passwordCredential", "proof")), fieldNames(addKey));
      assertTrue(addKey.path("passwordCredential").isNull());
      assertEquals(3, addKey.path("proof").asText().split("\\.").length, "a JWT");
      JsonNode now = only(tenant.applicationsWithUniqueName("cred-app")).path("keyCredentials");
      assertEquals(1, now.size(), now::toString);
      X509Certificate rotated = certificate(Base64.getDecoder().decode(now.get(0).path("key").asText()));
      assertFalse(rotated.equals(made));
      String newPem = Files.readString(pem);
      assertTrue(signsFor(privateKey(newPem), rotated), "KEY.pem now holds the new key");
      assertNoKeyText(privateLines(newPem, rotated), rotate.stdout() + rotate.stderr() + cli.writes());
      assertNoKeyText(keyLines, rotate.stdout() + rotate.stderr());
      assertEquals(0, plan(cli, manifest).exitCode());
    }
  }

  @Test
  void aCertificateWithNowhereToGoStopsBeforeAnyWrite() throws Exception {
    Path manifest = dir.resolve("m.yaml");
    Files.writeString(manifest, "applications:\n  - key: a\n    displayName: A\n    certificate: {generate: {}}\n");
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("apply", "-f", manifest.toString(), "--yes", "--show-secret");
      assertEquals(64, run.exitCode(), run::toString);
      assertTrue(run.stderr().contains("needs a new certificate (CERTIFICATE_MISSING) and there is nowhere to deliver its "
          + "private key: give --secret-dir DIR (--show-secret never prints a private key); nothing was changed"), run::toString);
      assertEquals(List.of(), cli.writes());
    }
  }

  // ------------------------------------------------------------------ helpers

  private static CliRun plan(Cli cli, Path manifest) {
    return cli.run("plan", "-f", manifest.toString(), "--format", "json");
  }

  private static void apply(Cli cli, Path manifest, Path secrets) {
    CliRun run = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", secrets.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(0, plan(cli, manifest).exitCode(), "repaired");
  }

  private static void assertDrift(Cli cli, Path manifest, String application, String kind) throws Exception {
    CliRun run = plan(cli, manifest);
    assertEquals(2, run.exitCode(), run::toString);
    JsonNode drift = JSON.readTree(run.stdout()).path("drift");
    boolean found = false;
    for (JsonNode d : drift) found |= d.path("application").asText().equals(application) && d.path("kind").asText().equals(kind);
    assertTrue(found, kind + " for " + application + " in " + drift);
  }

  private static Set<String> fics(JsonNode app) {
    Set<String> out = new TreeSet<>();
    for (JsonNode f : app.path("federatedIdentityCredentials")) {
      out.add(f.path("name").asText() + "|" + f.path("issuer").asText() + "|" + f.path("subject").asText() + "|"
          + f.path("audiences"));
    }
    return out;
  }

  private static ObjectNode obj(String field, JsonNode value) {
    ObjectNode o = JSON.createObjectNode();
    o.set(field, value);
    return o;
  }

  private static <T> T only(List<T> items) {
    assertEquals(1, items.size(), items::toString);
    return items.get(0);
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(f -> {
      if (!f.startsWith("@odata.")) out.add(f);   // the SDK names the type; Graph accepts it
    });
    return out;
  }

  /** A user's own certificate, made with the JDK's keytool rather than appreg's generator. */
  private byte[] userCertificate() throws Exception {
    Path store = dir.resolve("user.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", "u", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=user-cert-app", "-validity", "200",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    return ks.getCertificate("u").getEncoded();
  }

  private static X509Certificate certificate(byte[] der) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static PrivateKey privateKey(String pem) throws Exception {
    Matcher m = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----").matcher(pem);
    assertTrue(m.find(), "a PKCS#8 private key");
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1))));
  }

  private static boolean signsFor(PrivateKey key, X509Certificate cert) throws Exception {
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(cert.getPublicKey());
    v.update(new byte[] {1, 2, 3});
    return v.verify(sig);
  }

  /**
   * Text that only the private key holds: the PEM's lines that lie wholly after the start of the private exponent
   * (before it come the modulus and public exponent, which the certificate carries too, and whose base64 can line up
   * with the certificate's depending on where its random serial puts them), and the same private bytes in base64 at
   * each of the three alignments, 45 bytes a piece, so that a leak encoded from another offset is caught as well.
   */
  private static List<String> privateLines(String pem, X509Certificate cert) throws Exception {
    Matcher m = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----").matcher(pem);
    assertTrue(m.find());
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    var key = (java.security.interfaces.RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(der));
    assertEquals(((java.security.interfaces.RSAPublicKey) cert.getPublicKey()).getModulus(), key.getModulus());
    byte[] d = unsigned(key.getPrivateExponent().toByteArray());
    int privateFrom = indexOf(der, d);
    assertTrue(privateFrom > 0, "the private exponent is in the PKCS#8 encoding");
    List<String> out = new ArrayList<>();
    int offset = 0;
    for (String line : m.group(1).trim().split("\\s+")) {
      if (offset >= privateFrom && line.length() >= 40) out.add(line);
      offset += line.length() / 4 * 3;
    }
    assertTrue(out.size() > 10, "enough private text to search for");
    for (int shift = 0; shift < 3; shift++) {
      for (int i = privateFrom + shift; i + 45 <= der.length; i += 45) {
        out.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(der, i, i + 45)));
      }
    }
    return out;
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  private static void assertNoKeyText(List<String> keyLines, String text) {
    for (String line : keyLines) assertFalse(text.contains(line), "private key text leaked: " + line);
  }

  private static byte[] sha1(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-1").digest(b);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
