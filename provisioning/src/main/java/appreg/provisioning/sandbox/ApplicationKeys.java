package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * An application's certificate credentials ({@code keyCredentials}), as Graph keeps them:
 * <ul>
 *   <li>{@code PATCH /applications/{id}} with {@code keyCredentials} replaces the whole collection (application-update.md;
 *       terraform-provider-azuread's application_certificate_resource reads the application and writes every other
 *       credential back for that reason). An entry naming an existing {@code keyId} without {@code key} keeps that
 *       credential; a new entry needs {@code key}, an X.509 certificate. {@code customKeyIdentifier} defaults to the
 *       certificate's SHA-1 thumbprint, the dates to its validity (keycredential.md); an end after the certificate's
 *       expiry is refused with "Key credential end date is invalid." (Azure/azure-rest-api-specs#11985,
 *       Azure/azure-cli#11146).</li>
 *   <li>{@code key} is returned only to a read of one application with {@code $select=keyCredentials}; lists and other
 *       reads show it as null (keycredential.md).</li>
 *   <li>{@code addKey} and {@code removeKey} need a proof of possession: a JWT signed with a current certificate's key,
 *       {@code aud} 00000002-0000-0000-c000-000000000000, {@code iss} the application's object id, {@code exp} at most
 *       ten minutes after {@code nbf} (application-addkey.md, application-removekey.md,
 *       concepts/application-rollkey-prooftoken.md). A proof that does not verify is answered 401
 *       {@code Authentication_MissingOrMalformed} "Access Token missing or malformed." (microsoftgraph/microsoft-graph-docs
 *       issues 22076 and 14626, where users report exactly that answer). An application without a valid certificate
 *       "won't be able to use this service action": the status Graph then sends is not documented; this answers the
 *       same 401.</li>
 * </ul>
 * Not simulated: the app management policy's asymmetric key restrictions.
 */
final class ApplicationKeys {
  private ApplicationKeys() {}

  static final String POP_AUDIENCE = "00000002-0000-0000-c000-000000000000";

  /** The collection a PATCH (or a create) with {@code keyCredentials} leaves on {@code app}. */
  static ArrayNode replace(ObjectNode app, JsonNode incoming) {
    if (!incoming.isArray()) {
      throw GraphError.badRequest("Invalid value specified for property 'keyCredentials' of resource 'Application'.");
    }
    ArrayNode out = Entities.JSON.createArrayNode();
    Set<String> keyIds = new HashSet<>();
    for (JsonNode entry : incoming) {
      if (!entry.isObject()) {
        throw GraphError.badRequest("Invalid value specified for property 'keyCredentials' of resource 'Application'.");
      }
      ObjectNode e = (ObjectNode) entry;
      Requests.checkType(e, Schemas.KEY_CREDENTIAL);
      String keyId = e.hasNonNull("keyId") ? e.get("keyId").asText() : null;
      if (keyId != null && !Requests.GUID.matcher(keyId).matches()) {
        throw GraphError.badRequest("Invalid value specified for property 'keyId' of resource 'KeyCredential'.");
      }
      ObjectNode existing = keyId == null ? null : find(app, keyId);
      ObjectNode stored;
      if (!e.hasNonNull("key")) {
        if (existing == null) {
          throw GraphError.badRequest("Invalid value specified for property 'key' of resource 'KeyCredential'.");
        }
        stored = existing.deepCopy();
      } else {
        stored = credential(e, keyId);
      }
      if (!keyIds.add(stored.get("keyId").asText().toLowerCase(java.util.Locale.ROOT))) {
        throw GraphError.badRequest("Invalid value specified for property 'keyId' of resource 'KeyCredential'.");
      }
      out.add(stored);
    }
    return out;
  }

  /** A new credential from a request entry holding {@code key}. */
  static ObjectNode credential(ObjectNode e, String keyId) {
    X509Certificate cert = certificate(e.get("key").asText());
    String type = e.path("type").asText("");
    String usage = e.path("usage").asText("");
    if (!type.equals("AsymmetricX509Cert") && !type.equals("X509CertAndPassword")) {
      throw GraphError.badRequest("Invalid value specified for property 'type' of resource 'KeyCredential'.");
    }
    if (!usage.equals(type.equals("AsymmetricX509Cert") ? "Verify" : "Sign")) {
      throw GraphError.badRequest("Invalid value specified for property 'usage' of resource 'KeyCredential'.");
    }
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    Instant start = e.hasNonNull("startDateTime") ? Requests.instant(e, "startDateTime", "KeyCredential") : notBefore;
    Instant end = e.hasNonNull("endDateTime") ? Requests.instant(e, "endDateTime", "KeyCredential") : notAfter;
    if (end.isAfter(notAfter) || !end.isAfter(start)) throw GraphError.badRequest("Key credential end date is invalid.");
    ObjectNode stored = Entities.JSON.createObjectNode();
    stored.put("customKeyIdentifier", e.hasNonNull("customKeyIdentifier") ? e.get("customKeyIdentifier").asText()
        : Base64.getEncoder().encodeToString(sha1(der(cert))));
    stored.put("displayName", e.hasNonNull("displayName") ? e.get("displayName").asText() : null);
    stored.put("endDateTime", end.toString());
    stored.put("key", Base64.getEncoder().encodeToString(der(cert)));
    stored.put("keyId", keyId != null ? keyId : UUID.randomUUID().toString());
    stored.put("startDateTime", start.toString());
    stored.put("type", type);
    stored.put("usage", usage);
    return stored;
  }

  /** Lists and reads without {@code $select=keyCredentials} on one object show no certificate bytes. */
  static void hideKeys(JsonNode rendered) {
    JsonNode list = rendered.get("keyCredentials");
    if (list != null && list.isArray()) {
      for (JsonNode k : list) if (k.isObject()) ((ObjectNode) k).putNull("key");
    }
  }

  /** application-addkey.md: 200 with the new keyCredential. */
  static ObjectNode addKey(ObjectNode app, ObjectNode body, Instant now) {
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("keyCredential") && !f.equals("passwordCredential") && !f.equals("proof")) {
        throw GraphError.unknownProperty(f, "Application");
      }
    }
    verifyProof(app, body.path("proof").asText(null), now);
    JsonNode kc = body.get("keyCredential");
    if (kc == null || !kc.isObject() || !kc.hasNonNull("key") || !kc.hasNonNull("type") || !kc.hasNonNull("usage")) {
      throw GraphError.badRequest("Invalid value specified for property 'keyCredential' of resource 'AddKey'.");
    }
    ObjectNode e = (ObjectNode) kc;
    Requests.checkType(e, Schemas.KEY_CREDENTIAL);
    Schemas.KEY_CREDENTIAL.validateBody(e);
    String keyId = e.hasNonNull("keyId") ? e.get("keyId").asText() : null;
    if (keyId != null && (!Requests.GUID.matcher(keyId).matches() || find(app, keyId) != null)) {
      throw GraphError.badRequest("Invalid value specified for property 'keyId' of resource 'KeyCredential'.");
    }
    ObjectNode stored = credential(e, keyId);
    app.withArray("keyCredentials").add(stored);
    ObjectNode answer = stored.deepCopy();
    answer.putNull("key");
    return answer;
  }

  /** application-removekey.md: 204; an unknown keyId is a 404. */
  static void removeKey(ObjectNode app, ObjectNode body, Instant now) {
    verifyProof(app, body.path("proof").asText(null), now);
    String keyId = body.path("keyId").asText(null);
    if (keyId == null || !Requests.GUID.matcher(keyId).matches()) {
      throw GraphError.badRequest("Invalid value specified for property 'keyId' of resource 'KeyCredential'.");
    }
    ArrayNode list = app.withArray("keyCredentials");
    for (int i = 0; i < list.size(); i++) {
      if (keyId.equalsIgnoreCase(list.get(i).path("keyId").asText())) {
        list.remove(i);
        return;
      }
    }
    throw GraphError.notFound(keyId);
  }

  private static void verifyProof(ObjectNode app, String proof, Instant now) {
    if (proof == null || proof.contains("=")) throw malformed();
    String[] parts = proof.split("\\.");
    if (parts.length != 3) throw malformed();
    try {
      JsonNode header = Entities.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = Entities.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      if (!"RS256".equals(header.path("alg").asText())) throw malformed();
      byte[] thumbprint = Base64.getUrlDecoder().decode(header.path("x5t").asText(""));
      X509Certificate signer = null;
      for (JsonNode k : app.withArray("keyCredentials")) {
        if (!k.hasNonNull("key")) continue;
        X509Certificate c = certificate(k.get("key").asText());
        Instant start = Requests.parseInstant(k.path("startDateTime").asText(null));
        Instant end = Requests.parseInstant(k.path("endDateTime").asText(null));
        boolean valid = (start == null || !start.isAfter(now)) && (end == null || end.isAfter(now));
        if (valid && MessageDigest.isEqual(sha1(der(c)), thumbprint)) signer = c;
      }
      if (signer == null) throw malformed();
      Signature v = Signature.getInstance("SHA256withRSA");
      v.initVerify(signer.getPublicKey());
      v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!v.verify(Base64.getUrlDecoder().decode(parts[2]))) throw malformed();
      long nbf = claims.path("nbf").asLong(-1);
      long exp = claims.path("exp").asLong(-1);
      boolean claimsOk = POP_AUDIENCE.equals(claims.path("aud").asText())
          && app.path("id").asText().equalsIgnoreCase(claims.path("iss").asText())
          && nbf > 0 && exp > nbf && exp - nbf <= Duration.ofMinutes(10).toSeconds()
          && nbf <= now.plus(Duration.ofMinutes(5)).getEpochSecond() && exp > now.getEpochSecond();
      if (!claimsOk) throw malformed();
    } catch (GraphError e) {
      throw e;
    } catch (Exception e) {
      throw malformed();
    }
  }

  private static GraphError malformed() {
    return new GraphError(401, "Authentication_MissingOrMalformed", "Access Token missing or malformed.");
  }

  private static ObjectNode find(ObjectNode app, String keyId) {
    for (JsonNode k : app.withArray("keyCredentials")) {
      if (keyId.equalsIgnoreCase(k.path("keyId").asText())) return (ObjectNode) k;
    }
    return null;
  }

  /** The SHA-1 thumbprint of a certificate given as base64 DER: Graph's default {@code customKeyIdentifier}. */
  static byte[] thumbprint(String base64) {
    return sha1(der(certificate(base64)));
  }

  private static X509Certificate certificate(String base64) {
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (Exception e) {
      throw GraphError.badRequest("Invalid value specified for property 'key' of resource 'KeyCredential'.");
    }
  }

  private static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
