package appreg.provisioning.audit;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.PermissionScope;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.ServicePrincipal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@link TenantRule}s need of a service principal: its ids and name, and, when it is an API (it offers
 * delegated scopes or app roles), its permissions by id and by name. Most service principals offer nothing and cost a
 * few hundred bytes; an API's tables are built once, so naming a permission is a map look-up, not a scan of Microsoft
 * Graph's thousand permissions.
 */
public record CompactServicePrincipal(ObjectId id, AppId appId, String displayName, Permissions offers) {
  public CompactServicePrincipal {
    displayName = displayName == null ? "" : displayName;
    offers = offers == null ? Permissions.NONE : offers;
  }

  static CompactServicePrincipal of(ServicePrincipal sp, ObjectId id, AppId appId) {
    return new CompactServicePrincipal(id, appId, sp.displayName(), Permissions.of(sp));
  }

  /** The claim name of a scope or role id this API offers. */
  public Optional<String> name(PermissionType type, String id) {
    String key = id.toLowerCase(Locale.ROOT);
    return Optional.ofNullable(type == PermissionType.SCOPE ? offers.scopeValues.get(key) : offers.roleValues.get(key));
  }

  /** The id of a delegated scope this API offers, by its claim name; empty string when it offers none by that name. */
  public String scopeId(String value) {
    return offers.scopeIds.getOrDefault(value, "");
  }

  /** An API's permissions: scope and role names by id (ids lower case), scope ids by name (the first one offered). */
  public static final class Permissions {
    static final Permissions NONE = new Permissions(Map.of(), Map.of(), Map.of());

    private final Map<String, String> scopeValues;
    private final Map<String, String> scopeIds;
    private final Map<String, String> roleValues;

    private Permissions(Map<String, String> scopeValues, Map<String, String> scopeIds, Map<String, String> roleValues) {
      this.scopeValues = scopeValues;
      this.scopeIds = scopeIds;
      this.roleValues = roleValues;
    }

    static Permissions of(ServicePrincipal sp) {
      if (sp.oauth2PermissionScopes().isEmpty() && sp.appRoles().isEmpty()) return NONE;
      Map<String, String> scopeValues = new HashMap<>();
      Map<String, String> scopeIds = new HashMap<>();
      Map<String, String> roleValues = new HashMap<>();
      for (PermissionScope s : sp.oauth2PermissionScopes()) {
        scopeValues.putIfAbsent(s.id(), s.value());
        if (s.value() != null) scopeIds.putIfAbsent(s.value(), s.id());
      }
      for (AppRole r : sp.appRoles()) roleValues.putIfAbsent(r.id(), r.value());
      return new Permissions(scopeValues, scopeIds, roleValues);
    }

    public boolean any() {
      return this != NONE;
    }
  }
}
