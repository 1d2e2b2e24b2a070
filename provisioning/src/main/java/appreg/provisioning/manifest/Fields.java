package appreg.provisioning.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields a manifest may hold, per place. docs/manifest.schema.json lists the same names; a test compares the two
 * so that neither can drift from the other.
 */
final class Fields {
  private Fields() {}

  static final String TOP = "the top level";
  static final String APPLICATION = "an application";
  static final String WEB = "web";
  static final String SPA = "spa";
  static final String PUBLIC_CLIENT = "publicClient";
  static final String PERMISSION = "a permission";
  static final String SECRET = "secret";
  static final String DIRECTORY_ROLE = "a directory role";
  static final String CERTIFICATE = "certificate";
  static final String GENERATE = "generate";
  static final String FEDERATED_CREDENTIAL = "a federated credential";
  static final String GITHUB = "github";
  static final String KUBERNETES = "kubernetes";

  /** Known field names by place, in the order the docs present them. */
  static final Map<String, List<String>> KNOWN = known();

  private static Map<String, List<String>> known() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(TOP, List.of("$schema", "applications"));
    m.put(APPLICATION, List.of("key", "displayName", "signInAudience", "appId", "web", "spa", "publicClient",
        "permissions", "adminConsent", "secret", "certificate", "federatedCredentials", "directoryRoles", "owners", "profile"));
    m.put(WEB, List.of("redirectUris"));
    m.put(SPA, List.of("redirectUris"));
    m.put(PUBLIC_CLIENT, List.of("redirectUris"));
    m.put(PERMISSION, List.of("api", "delegated", "application"));
    m.put(SECRET, List.of("displayName", "lifetimeDays", "rotateWithinDays"));
    m.put(DIRECTORY_ROLE, List.of("role", "assignee"));
    m.put(CERTIFICATE, List.of("displayName", "generate", "file"));
    m.put(GENERATE, List.of("subject", "keyType", "keySize", "lifetimeDays", "rotateWithinDays"));
    m.put(FEDERATED_CREDENTIAL, List.of("name", "issuer", "subject", "audiences", "description", "github", "kubernetes"));
    m.put(GITHUB, List.of("repo", "environment", "branch", "tag", "pullRequest"));
    m.put(KUBERNETES, List.of("issuer", "namespace", "serviceAccount"));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Places nested in a place: a field misplaced one level up is most likely meant for them. */
  private static final Map<String, List<String>> CHILDREN = Map.of(
      CERTIFICATE, List.of(GENERATE),
      FEDERATED_CREDENTIAL, List.of(GITHUB, KUBERNETES));

  /** "unknown field 'redirectUri' in web; did you mean 'redirectUris'?" and its variants. */
  static String unknown(String name, String place) {
    List<String> known = KNOWN.get(place);
    String where = place.equals(TOP) ? "at the top level" : "in " + place;
    String message = "unknown field '" + name + "' " + where;
    for (String child : CHILDREN.getOrDefault(place, List.of())) {
      if (KNOWN.get(child).contains(name)) return message + "; '" + name + "' belongs in " + child;
    }
    Optional<String> near = nearest(name, known);
    if (near.isPresent()) return message + "; did you mean '" + near.get() + "'?";
    for (Map.Entry<String, List<String>> other : KNOWN.entrySet()) {
      if (!other.getKey().equals(place) && other.getValue().contains(name) && !name.equals("displayName")) {
        return message + "; '" + name + "' belongs in " + other.getKey();
      }
    }
    return message + "; known fields: " + String.join(", ", known);
  }

  /** The candidate closest to {@code name} when it is close enough to be a typo (or differs only in case). */
  static Optional<String> nearest(String name, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      String cl = c.toLowerCase(Locale.ROOT);
      int d = cl.equals(lower) ? 0 : Nearest.distance(lower, cl);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int allowed = Math.max(2, Math.min(name.length(), best == null ? 0 : best.length()) / 3);
    boolean prefix = best != null && name.length() >= 4
        && (best.toLowerCase(Locale.ROOT).startsWith(lower) || lower.startsWith(best.toLowerCase(Locale.ROOT)));
    return best != null && (bestDistance <= allowed || prefix) ? Optional.of(best) : Optional.empty();
  }
}
