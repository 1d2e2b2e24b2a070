package appreg.provisioning.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Unsigned access tokens ({@code alg: none}) for the sandbox. The server never checks signatures: a token is only
 * read for its {@code roles} (app-only) or {@code scp} (delegated) claims, so tests can see the 403 Entra sends when
 * a permission is missing. A token that is not a JWT at all is allowed everything.
 */
public final class SandboxTokens {
  private SandboxTokens() {}

  /** The object id the tokens name as caller ({@code oid}); not a real object in the tenant. */
  public static final String CALLER_OBJECT_ID = "9d6a3b52-4f3c-4e8a-8d7e-2b1c5a7f0e11";
  public static final String CALLER_APP_ID = "5c1a6f0e-3b7d-4e29-9a41-7e0d2c8b6f35";
  private static final String TENANT_ID = "b4f7e0c2-8a13-4d6e-9f25-3c1e7a9b0d48";
  /** Directory role template id of Global Administrator, as {@code wids} carries it. */
  static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
  private static final long FAR_FUTURE = 4102444800L; // 2100-01-01

  /** App-only token holding every application permission the sandbox checks. */
  public static String allPermissions() {
    return withRoles(AccessRules.ALL_APP_ROLES.toArray(String[]::new));
  }

  /** App-only token with exactly these application permissions ({@code roles} claim). */
  public static String withRoles(String... roles) {
    return token("roles", List.of(roles), FAR_FUTURE);
  }

  /** Delegated token with these scopes ({@code scp} claim, space-separated). */
  public static String withScopes(String... scopes) {
    return token("scp", String.join(" ", scopes), FAR_FUTURE);
  }

  /** Delegated token of the user {@code objectId} ({@code oid}) with these scopes: a run signed in as that user. */
  public static String delegated(String objectId, String... scopes) {
    return token("scp", String.join(" ", scopes), FAR_FUTURE, objectId);
  }

  /** Delegated token with every permission the sandbox checks (as scopes), signed in as {@code objectId}. */
  public static String delegatedAllPermissions(String objectId) {
    return delegated(objectId, AccessRules.ALL_APP_ROLES.toArray(String[]::new));
  }

  /**
   * What {@code --sandbox} signs in with: a delegated token of the tenant's Global Administrator {@code objectId},
   * holding every permission the sandbox checks as a scope and the role in {@code wids}, as Entra issues it to an
   * administrator who consented to appreg's scopes. A delegated run makes the signed-in user the owner of what it
   * creates, so the sandbox's bootstrap passes appreg's own audit as a real administrator's does.
   */
  public static String administrator(String objectId) {
    var payload = claims("scp", String.join(" ", AccessRules.ALL_APP_ROLES), FAR_FUTURE, objectId);
    payload.putArray("wids").add(GLOBAL_ADMINISTRATOR);
    return encode(payload);
  }

  /** An app-only token with every permission that expired an hour before {@code nowEpochSeconds}. */
  public static String expired(long nowEpochSeconds) {
    return token("roles", AccessRules.ALL_APP_ROLES, nowEpochSeconds - 3600);
  }

  private static String token(String claim, Object value, long exp) {
    return token(claim, value, exp, CALLER_OBJECT_ID);
  }

  private static String token(String claim, Object value, long exp, String objectId) {
    return encode(claims(claim, value, exp, objectId));
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode claims(String claim, Object value, long exp,
      String objectId) {
    var payload = Entities.JSON.createObjectNode();
    payload.put("aud", "https://graph.microsoft.com");
    payload.put("iss", "https://sts.windows.net/" + TENANT_ID + "/");
    payload.put("tid", TENANT_ID);
    payload.put("oid", objectId);
    payload.put("appid", CALLER_APP_ID);
    payload.put("idtyp", claim.equals("roles") ? "app" : "user");
    payload.put("exp", exp);
    payload.put("iat", 1700000000L);
    payload.set(claim, Entities.JSON.valueToTree(value));
    return payload;
  }

  private static String encode(com.fasterxml.jackson.databind.node.ObjectNode payload) {
    var header = Entities.JSON.createObjectNode().put("alg", "none").put("typ", "JWT");
    var enc = Base64.getUrlEncoder().withoutPadding();
    return enc.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + enc.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  /** The payload of a JWT-shaped token, or empty for an opaque token. */
  static Optional<JsonNode> claims(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      JsonNode node = Entities.JSON.readTree(payload);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
