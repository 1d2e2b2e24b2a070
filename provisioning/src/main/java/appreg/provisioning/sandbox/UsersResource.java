package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** users: user-list.md, user-get.md. */
final class UsersResource {
  private static final Set<String> USER_FILTERABLE = Set.of("id", "userPrincipalName", "displayName", "mail",
      "accountEnabled", "userType", "givenName", "surname", "mailNickname");

  private final SimulatedTenant tenant;
  private final Query query;

  UsersResource(SimulatedTenant tenant, Query query) {
    this.tenant = tenant;
    this.query = query;
  }

  /** user-list.md, user-get.md: by id or userPrincipalName, also {@code users('upn')}. */
  ApiResponse answer(ApiRequest r, KeySegment first, List<String> s) {
    Requests.requireMethod(r, "GET");
    AccessRules.USERS_READ.check(r.header("Authorization"));
    var users = tenant.collection("users");
    if (first.key() == null && s.size() == 1) {
      return query.list(r, "users", new ArrayList<>(users.values()), "users", USER_FILTERABLE);
    }
    if (first.key() == null && s.get(1).equals("$count")) {
      return Query.countSegment(r, users.size());
    }
    String key = first.key() != null ? first.value() : s.get(1);
    int rest = first.key() != null ? 1 : 2;
    if (first.key() == null && key.startsWith("$")) {
      // user-get.md: "/users/$x@y.com fails with a 400 Bad Request error code" ($ introduces system query options);
      // the message is unverified
      throw GraphError.unknownSegment(key);
    }
    if (rest != s.size()) {
      throw GraphError.unknownSegment(s.get(rest));
    }
    ObjectNode user = users.get(key);
    if (user == null) {
      user = users.values().stream().filter(u -> key.equalsIgnoreCase(u.path("userPrincipalName").asText()))
          .findFirst().orElse(null);
    }
    if (user == null) {
      throw GraphError.notFound(key);
    }
    return query.entity(r, "users", user, "users/$entity");
  }
}
