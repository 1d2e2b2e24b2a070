package appreg.provisioning.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the caller's token says it may do: application permissions ({@code roles}), delegated scopes ({@code scp}) and,
 * for delegated tokens, directory role template ids ({@code wids}). Read from the token's payload without verifying
 * it (Graph verifies); used only to stop early with a clear message, never to grant anything.
 */
public record CallerClaims(String tenantId, boolean appOnly, Set<String> roles, Set<String> scopes, Set<String> directoryRoles) {
  public CallerClaims {
    roles = Set.copyOf(roles);
    scopes = Set.copyOf(scopes);
    directoryRoles = Set.copyOf(directoryRoles);
  }

  /** True when the token carries {@code permission} as an app role or a delegated scope. */
  public boolean holds(String permission) {
    return roles.stream().anyMatch(permission::equalsIgnoreCase) || scopes.stream().anyMatch(permission::equalsIgnoreCase);
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
      return Optional.of(new CallerClaims(payload.path("tid").asText(""), appOnly, roles, scp, wids));
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
