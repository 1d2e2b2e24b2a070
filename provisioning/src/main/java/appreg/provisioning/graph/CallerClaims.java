package appreg.provisioning.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the caller's token says it may do: application permissions ({@code roles}), delegated scopes ({@code scp}) and,
 * for delegated tokens, directory role template ids ({@code wids}); and who the caller is ({@code oid}: the signed-in
 * user's object id on a delegated token, the calling service principal's on an app-only one; empty when absent). Read
 * from the token's payload without verifying it (Graph verifies); used to stop early with a clear message and to name
 * the signed-in user as a new registration's owner, never to grant anything.
 */
public record CallerClaims(String tenantId, boolean appOnly, Set<String> roles, Set<String> scopes, Set<String> directoryRoles,
                           String objectId) {
  public CallerClaims {
    objectId = objectId == null ? "" : objectId;
    roles = Set.copyOf(roles);
    scopes = Set.copyOf(scopes);
    directoryRoles = Set.copyOf(directoryRoles);
  }

  /** Exists only as an application permission: a delegated scope of that name means nothing. */
  static final String OWNED_BY = "Application.ReadWrite.OwnedBy";
  /** Exists only as a delegated scope (it reads the signed-in user and the organization). */
  static final String USER_READ = "User.Read";

  /** True when the token carries {@code permission} as an app role or a delegated scope. */
  public boolean holds(String permission) {
    return roles.stream().anyMatch(permission::equalsIgnoreCase) || scopes.stream().anyMatch(permission::equalsIgnoreCase);
  }

  /** The signed-in user of a delegated token; empty for an app-only token or one without {@code oid}. */
  public Optional<appreg.provisioning.tenant.ObjectId> signedInUser() {
    return appOnly || objectId.isBlank() ? Optional.empty() : Optional.of(new appreg.provisioning.tenant.ObjectId(objectId));
  }

  /** Those of {@code permissions} that a token of this kind (app-only or delegated) can carry at all, in order. */
  public List<String> usable(List<String> permissions) {
    return permissions.stream().filter(p -> appOnly ? !p.equalsIgnoreCase(USER_READ) : !p.equalsIgnoreCase(OWNED_BY))
        .toList();
  }

  /** Those of {@code permissions} the token carries, in order. */
  public List<String> held(List<String> permissions) {
    return permissions.stream().filter(this::holds).toList();
  }

  /**
   * What the token lacks when any one of {@code anyOf} would do: empty when it holds one, else every usable one (none
   * of which it holds), least privileged first.
   */
  public List<String> lacking(List<String> anyOf) {
    return held(usable(anyOf)).isEmpty() ? usable(anyOf) : List.of();
  }

  /** Empty when the token is not a JWT (opaque tokens exist; Graph is then the judge). */
  public static Optional<CallerClaims> parse(String token) {
    String[] parts = token.split("\\.");
    if (parts.length < 2) return Optional.empty();
    try {
      JsonNode payload = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(pad(parts[1])));
      Set<String> roles = strings(payload.path("roles"));
      Set<String> scp = new LinkedHashSet<>();
      for (String s : payload.path("scp").asText("").split("\\s+")) if (!s.isBlank()) scp.add(s);
      Set<String> wids = strings(payload.path("wids"));
      boolean appOnly = scp.isEmpty() && !"user".equalsIgnoreCase(payload.path("idtyp").asText(""));
      return Optional.of(new CallerClaims(payload.path("tid").asText(""), appOnly, roles, scp, wids,
          payload.path("oid").asText("")));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static String pad(String b64) {
    return b64 + "===".substring(0, (4 - b64.length() % 4) % 4);
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    if (array.isArray()) array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
