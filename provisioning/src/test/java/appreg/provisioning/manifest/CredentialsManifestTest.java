package appreg.provisioning.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.ManifestException;
import appreg.provisioning.certificate.SelfSigned;
import appreg.provisioning.certificate.SelfSigned.KeyType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The certificate and federated credential parts of a manifest: what they become, and every rule with its message. */
class CredentialsManifestTest {
  @TempDir static Path dir;
  static SelfSigned.Generated cert;
  static final String AKS = "https://eastus.oic.prod-aks.azure.com/3d1e2be9-a10a-4a0c-8380-7ce190f98ed9/8c8f1c2f-5a11-4d4e-9d3e-6f0c1b2a3c4d/";

  @BeforeAll
  static void files() throws Exception {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    cert = SelfSigned.generate("CN=partner", KeyType.RSA, 2048, now, now.plus(Duration.ofDays(365)), new SecureRandom());
    String pem = "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.certificate().der())
        + "\n-----END CERTIFICATE-----\n";
    Files.writeString(dir.resolve("partner.pem"), pem);
    Files.write(dir.resolve("partner.cer"), cert.certificate().der());
    Files.writeString(dir.resolve("with-key.pem"), pem + "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    Files.writeString(dir.resolve("garbage.crt"), "not a certificate");
    Files.writeString(dir.resolve("bundle.pfx"), "x");
    var weak = java.security.KeyPairGenerator.getInstance("RSA");
    weak.initialize(1024);
  }

  static Manifest parse(String text) {
    return ManifestReader.parse(text, "m.yaml", dir);
  }

  static String app(String body) {
    return "applications:\n  - key: partner-app\n    displayName: Partner App\n" + body.indent(4);
  }

  @Test
  void aGeneratedCertificateWithTheDefaults() {
    CertificateSpec c = parse(app("certificate: {generate: {}}")).applications().get(0).certificate();
    assertEquals("appreg", c.displayName());
    assertTrue(c.generated());
    assertEquals(new CertificateSpec.Generate("CN=partner-app", KeyType.RSA, 3072, 365, 30), c.generate());
    assertEquals("RSA 3072", c.generate().keyDescription());
    assertEquals(new Where("m.yaml", 4, 18), c.where());
  }

  @Test
  void aGeneratedEcCertificateSpelledOut() {
    CertificateSpec c = parse(app("""
        certificate:
          displayName: partner-cert
          generate:
            subject: CN=partner, O=Contoso
            keyType: EC
            keySize: P-256
            lifetimeDays: 90
            rotateWithinDays: 14
        """)).applications().get(0).certificate();
    assertEquals("partner-cert", c.displayName());
    assertEquals(new CertificateSpec.Generate("CN=partner, O=Contoso", KeyType.EC, 256, 90, 14), c.generate());
    assertEquals("EC P-256", c.generate().keyDescription());
  }

  @Test
  void aShortLifetimeLowersTheDefaultRotation() {
    var g = parse(app("certificate: {generate: {lifetimeDays: 10}}")).applications().get(0).certificate().generate();
    assertEquals(9, g.rotateWithinDays());
  }

  @Test
  void aUserCertificateIsReadFromPemOrDerBesideTheManifest() {
    for (String file : List.of("partner.pem", "partner.cer")) {
      CertificateSpec c = parse(app("certificate: {file: " + file + "}")).applications().get(0).certificate();
      assertEquals(file, c.file().path());
      assertEquals(cert.certificate(), c.file().certificate());
      assertNull(c.generate());
    }
  }

  @Test
  void federatedCredentialsExpandTheShorthandsToTheDocumentedStrings() {
    List<FederatedCredentialSpec> f = parse(app("""
        federatedCredentials:
          - name: github-deploy
            github: {repo: contoso/partner-app, environment: production}
            description: deploys from the production environment
          - name: github-main
            github: {repo: contoso/partner-app, branch: main}
          - name: github-release
            github: {repo: contoso/partner-app, tag: v1.2.0}
          - name: github-pr
            github: {repo: contoso/partner-app, pullRequest: true}
          - name: aks-worker
            kubernetes: {issuer: '%s', namespace: partner, serviceAccount: worker}
          - name: other
            issuer: https://accounts.google.com
            subject: '113475902849573829475'
            audiences: [api://custom]
        """.formatted(AKS))).applications().get(0).federatedCredentials();
    assertEquals(6, f.size());
    assertEquals("https://token.actions.githubusercontent.com", f.get(0).issuer());
    assertEquals("repo:contoso/partner-app:environment:production", f.get(0).subject());
    assertEquals(List.of("api://AzureADTokenExchange"), f.get(0).audiences());
    assertEquals("deploys from the production environment", f.get(0).description());
    assertEquals(new FederatedCredentialSpec.GitHub("contoso/partner-app", "production", null, null, false), f.get(0).github());
    assertEquals("repo:contoso/partner-app:ref:refs/heads/main", f.get(1).subject());
    assertEquals("repo:contoso/partner-app:ref:refs/tags/v1.2.0", f.get(2).subject());
    assertEquals("repo:contoso/partner-app:pull_request", f.get(3).subject());
    assertEquals(AKS, f.get(4).issuer());
    assertEquals("system:serviceaccount:partner:worker", f.get(4).subject());
    assertNull(f.get(4).github());
    assertEquals("113475902849573829475", f.get(5).subject());
    assertEquals(List.of("api://custom"), f.get(5).audiences());
    assertNull(f.get(5).description());
  }

  @Test
  void twentyFederatedCredentialsAreAllowed() {
    StringBuilder list = new StringBuilder("federatedCredentials:\n");
    for (int i = 0; i < 20; i++) {
      list.append("  - {name: env-").append(i).append(", github: {repo: contoso/app, environment: e").append(i).append("}}\n");
    }
    assertEquals(20, parse(app(list.toString())).applications().get(0).federatedCredentials().size());
    ManifestException e = assertThrows(ManifestException.class,
        () -> parse(app(list + "  - {name: env-20, github: {repo: contoso/app, environment: e20}}\n")));
    assertEquals("m.yaml:25:9: 21 federated credentials; Graph allows at most 20 per application (split the workloads "
        + "across registrations)", e.getMessage());
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        // certificate
        bad("certificate: ''", "4:18: 'certificate' is empty; write 'certificate: {generate: {}}' for a certificate appreg makes, 'certificate: {file: cert.pem}' for yours, or remove it for none"),
        bad("certificate: {}", "4:18: 'certificate' needs 'generate' (appreg makes it and delivers the private key to --secret-dir) or 'file' (your public certificate: a .pem, .cer or .crt file)"),
        bad("certificate: {generate: {}, file: partner.pem}", "4:33: 'certificate' has both 'generate' and 'file'; appreg either makes the certificate or registers yours: keep one"),
        bad("certificate: {lifetimeDays: 90}", "4:19: unknown field 'lifetimeDays' in certificate; 'lifetimeDays' belongs in generate"),
        bad("certificate: {generate: {keyType: DSA}}", "4:39: unknown keyType 'DSA'; use RSA (the default) or EC"),
        bad("certificate: {generate: {keySize: 1024}}", "4:39: RSA 1024 is too weak; use 2048, 3072 (the default) or 4096"),
        bad("certificate: {generate: {keySize: 3000}}", "4:39: keySize 3000 is not offered; use 2048, 3072 or 4096"),
        bad("certificate: {generate: {keySize: P-256}}", "4:39: keySize P-256 is an elliptic curve; set 'keyType: EC', or use an RSA size: 2048, 3072 (the default) or 4096"),
        bad("certificate: {generate: {keyType: EC, keySize: 3072}}", "4:52: keySize 3072 is not an EC curve appreg offers; use P-256 (the default) or P-384"),
        bad("certificate: {generate: {lifetimeDays: 731}}", "4:44: lifetimeDays 731 is out of range; a certificate appreg makes lives 1 to 730 days"),
        bad("certificate: {generate: {lifetimeDays: 30, rotateWithinDays: 30}}", "4:66: rotateWithinDays 30 must be below lifetimeDays 30, or every run would make a new certificate"),
        bad("certificate: {generate: {rotateWithinDays: -1}}", "4:48: rotateWithinDays -1 is negative; use 0 to rotate only once the certificate has expired"),
        bad("certificate: {generate: {subject: 'partner app'}}", "4:39: subject 'partner app' is not an X.500 name; write it like CN=partner-app"),
        bad("certificate: {displayName: ' ', generate: {}}", "4:32: the certificate's 'displayName' is empty; remove it for the default 'appreg'"),
        bad("certificate: {file: bundle.pfx}", "4:25: 'bundle.pfx' is a PKCS#12 file, which holds a private key; a registration needs the public certificate only: export it as .cer or .pem and name that file"),
        bad("certificate: {file: cert.txt}", "4:25: certificate file 'cert.txt' must end in .pem, .cer or .crt (the public certificate)"),
        bad("certificate: {file: missing.pem}", "4:25: certificate file 'missing.pem' not found (looked for " + dir.resolve("missing.pem") + ")"),
        bad("certificate: {file: with-key.pem}", "4:25: 'with-key.pem' holds a private key; a registration needs the public certificate only, and appreg does not read private keys from manifests: keep the key where the app runs and name a file with the certificate alone"),
        bad("certificate: {file: garbage.crt}", "4:25: 'garbage.crt' holds no X.509 certificate appreg can read (PEM 'BEGIN CERTIFICATE' or DER)"),
        // federated credentials
        bad("federatedCredentials: []", "4:27: 'federatedCredentials' is empty; list at least one, or remove 'federatedCredentials'"),
        bad("federatedCredentials: [{github: {repo: a/b, branch: main}}]", "4:28: federated credential has no 'name'; give it one such as 'github-deploy' (3 to 120 letters, digits, '-' or '_'; it cannot change once created)"),
        bad("federatedCredentials: [{name: 'my cred', github: {repo: a/b, branch: main}}]", "4:35: federated credential name 'my cred' is not allowed; use 3 to 120 letters, digits, '-' or '_', starting with a letter or digit"),
        bad("federatedCredentials: [{name: ab, github: {repo: a/b, branch: main}}]", "4:35: federated credential name 'ab' is not allowed; use 3 to 120 letters, digits, '-' or '_', starting with a letter or digit"),
        bad("federatedCredentials: [{name: one}]", "4:28: federated credential 'one' needs 'github', 'kubernetes', or 'issuer' and 'subject'"),
        bad("federatedCredentials: [{name: one, issuer: 'http://idp.contoso.com', subject: x}]", "4:48: issuer 'http://idp.contoso.com' must be an https URL (the identity provider's OIDC issuer, like https://token.actions.githubusercontent.com)"),
        bad("federatedCredentials: [{name: one, issuer: 'idp.contoso.com', subject: x}]", "4:48: issuer 'idp.contoso.com' must be an https URL (the identity provider's OIDC issuer, like https://token.actions.githubusercontent.com)"),
        bad("federatedCredentials: [{name: one, issuer: 'https://idp.contoso.com'}]", "4:28: federated credential 'one' has no 'subject'; it is the 'sub' claim of the tokens to trust, exactly"),
        bad("federatedCredentials: [{name: one, issuer: 'https://idp.contoso.com', subject: ' x'}]", "4:84: the 'subject' of 'one' starts or ends with a space; Entra compares it with the token's 'sub' claim exactly"),
        bad("federatedCredentials: [{name: one, issuer: 'https://idp.contoso.com', subject: 'repo:a/b:*'}]", "4:84: the subject 'repo:a/b:*' contains '*'; Entra matches federated credentials exactly and supports no wildcards: list each one"),
        bad("federatedCredentials: [{name: one, issuer: 'https://idp.contoso.com', subject: x, audiences: [a, b]}]", "4:98: 'audiences' of 'one' lists 2 values; Graph accepts exactly one (usually api://AzureADTokenExchange, the default)"),
        bad("federatedCredentials: [{name: one, github: {repo: a/b, branch: main}, subject: x}]", "4:75: 'github' sets the issuer and subject of 'one'; remove 'subject'"),
        bad("federatedCredentials: [{name: one, github: {repo: a/b}}]", "4:48: 'github' for a/b must say which workflows to trust: 'environment', 'branch', 'tag' or 'pullRequest: true'"),
        bad("federatedCredentials: [{name: one, github: {repo: a/b, branch: main, tag: v1}}]", "4:74: 'github' names both 'branch' and 'tag'; GitHub's token carries one of them: make one credential for each"),
        bad("federatedCredentials: [{name: one, github: {repo: a/b, pullRequest: false}}]", "4:73: 'pullRequest: false' trusts nothing; name an 'environment', 'branch' or 'tag' instead"),
        bad("federatedCredentials: [{name: one, github: {repo: a/b, branch: refs/heads/main}}]", "4:68: write the branch name without 'refs/heads/' (appreg adds it): main"),
        bad("federatedCredentials: [{name: one, github: {repo: a/b, branch: 'release/*'}}]", "4:68: the branch 'release/*' contains '*'; Entra matches federated credentials exactly and supports no wildcards: list each one"),
        bad("federatedCredentials: [{name: one, github: {repo: 'https://github.com/a/b', branch: main}}]", "4:55: write the repository as OWNER/NAME (like contoso/partner-app), not as a URL"),
        bad("federatedCredentials: [{name: one, github: {repo: contoso, branch: main}}]", "4:55: repo 'contoso' is not OWNER/NAME (like contoso/partner-app)"),
        bad("federatedCredentials: [{name: one, kubernetes: {namespace: n, serviceAccount: s}}]", "4:52: 'issuer' is missing: the cluster's OIDC issuer URL (az aks show --query oidcIssuerProfile.issuerUrl)"),
        bad("federatedCredentials: [{name: one, kubernetes: {issuer: 'https://x.example', namespace: Prod, serviceAccount: s}}]", "4:93: namespace 'Prod' is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63)"),
        bad("federatedCredentials: [{name: one, kubernetes: {issuer: 'https://x.example', namespace: n, serviceAccount: s}, issuer: 'https://x.example'}]", "4:116: 'kubernetes' sets the issuer and subject of 'one'; remove 'issuer' here and give the cluster's issuer under 'kubernetes'"),
        bad("federatedCredentials: [{name: one, github: {repo: a/b, branch: main}, kubernetes: {issuer: 'https://x', namespace: n, serviceAccount: s}}]", "4:75: federated credential 'one' has both 'github' and 'kubernetes'; one credential trusts one workload: make two"),
        bad("federatedCredentials: [{name: one, github: {repo: a/b, branch: main, environment: e2}, colour: x}]", "4:92: unknown field 'colour' in a federated credential; known fields: name, issuer, subject, audiences, description, github, kubernetes"),
        bad("federatedCredentials: [{name: one, namespace: n}]", "4:40: unknown field 'namespace' in a federated credential; 'namespace' belongs in kubernetes"),
        bad("""
            federatedCredentials:
              - {name: one, github: {repo: a/b, branch: main}}
              - {name: One, github: {repo: a/b, branch: dev}}
            """, "6:16: federated credential name 'One' is used twice (first at line 5, column 16); names are unique on a registration"),
        bad("""
            federatedCredentials:
              - {name: one, github: {repo: a/b, branch: main}}
              - {name: two, issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:a/b:ref:refs/heads/main'}
            """, "6:9: federated credential 'two' has the same issuer and subject as the one at line 5, column 9 (repo:a/b:ref:refs/heads/main); Entra allows each issuer and subject pair once per registration"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void reportsTheProblemWithItsPlace(String body, String expected) {
    ManifestException e = assertThrows(ManifestException.class, () -> parse(app(body)));
    assertEquals("m.yaml:" + expected, e.getMessage());
  }

  private static Arguments bad(String body, String expected) {
    return Arguments.of(body, expected);
  }
}
