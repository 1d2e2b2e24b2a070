package appreg.provisioning.certificate;

import appreg.provisioning.secret.PrivateKeyMaterial;
import appreg.provisioning.secret.Sensitive;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The self-signed JWT Graph's {@code addKey} and {@code removeKey} want as {@code proof}: signed with the private key of
 * one of the application's current certificates, with {@code aud} 00000002-0000-0000-c000-000000000000, {@code iss}
 * the application's object id, {@code nbf} and {@code exp} ten minutes apart
 * (microsoft-graph-docs-contrib api-reference/v1.0/api/application-addkey.md; concepts/application-rollkey-prooftoken.md,
 * whose sample signs with .NET's X509SigningCredentials: RS256 with the certificate's thumbprint in {@code x5t} and
 * {@code kid}). Base64url without padding: a '=' in header or payload is answered with
 * {@code Authentication_MissingOrMalformed} (same page).
 *
 * <p>Only RSA keys sign a proof here. Entra signs and checks app credentials as RS256 (Azure/azure-sdk-for-net#6521,
 * AzureAD/microsoft-authentication-library-for-dotnet#2573: EC certificates are not supported for sign-in), and no
 * source shows an ES256 proof accepted, so an EC certificate is rolled through the documented fallback (PATCH of
 * {@code keyCredentials}) instead.
 */
public final class ProofOfPossession {
  private ProofOfPossession() {}

  public static final String AUDIENCE = "00000002-0000-0000-c000-000000000000";
  public static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** True when a proof can be signed with this key. */
  public static boolean canSign(PrivateKeyMaterial key) {
    return "RSA".equalsIgnoreCase(key.algorithm());
  }

  /** The proof for the application with object id {@code applicationObjectId}, valid from {@code now} for ten minutes. */
  public static Sensitive sign(CertificateInfo certificate, PrivateKeyMaterial key, String applicationObjectId, Instant now) {
    if (!canSign(key)) throw new IllegalArgumentException("a proof of possession is signed with an RSA key, not " + key.algorithm());
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    ObjectNode header = JSON.createObjectNode();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    header.put("x5t", url.encodeToString(certificate.sha1()));
    header.put("kid", certificate.sha1Thumbprint());
    ObjectNode claims = JSON.createObjectNode();
    long nbf = now.getEpochSecond();
    claims.put("aud", AUDIENCE);
    claims.put("iss", applicationObjectId);
    claims.put("nbf", nbf);
    claims.put("exp", nbf + LIFETIME.toSeconds());
    String signingInput = url.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    byte[] signature = key.sign("SHA256withRSA", signingInput.getBytes(StandardCharsets.US_ASCII));
    return new Sensitive(signingInput + "." + url.encodeToString(signature));
  }
}
