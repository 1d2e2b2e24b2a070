package appreg.provisioning.desired;

import appreg.provisioning.ManifestException;
import appreg.provisioning.desired.DesiredState.DesiredApi;
import appreg.provisioning.desired.DesiredState.DesiredApplication;
import appreg.provisioning.desired.DesiredState.DesiredOwner;
import appreg.provisioning.desired.DesiredState.DesiredPermission;
import appreg.provisioning.desired.DesiredState.DesiredRole;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.DirectoryRoleSpec;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.Nearest;
import appreg.provisioning.manifest.OwnerSpec;
import appreg.provisioning.manifest.PermissionSpec;
import appreg.provisioning.manifest.Where;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.PermissionScope;
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the manifest's names against the tenant: APIs by appId first, then display name; permission names against
 * the API's {@code oauth2PermissionScopes} (delegated) and {@code appRoles} (application); roles by display name;
 * assignees by UPN or object id. Unknown or ambiguous names fail with the names the tenant does offer, nearest first.
 * Pure: it reads only the {@link ObservedTenant} it is given.
 */
public final class Resolver {
  private Resolver() {}

  /** The API a manifest entry names, as far as the tenant knows it. {@code sp} empty: no service principal yet. */
  public record ApiMatch(AppId appId, String name, Optional<ServicePrincipal> sp) {}

  public static DesiredState resolve(Manifest manifest, ObservedTenant tenant) {
    return resolve(manifest, tenant, Optional.empty());
  }

  /**
   * As {@link #resolve(Manifest, ObservedTenant)}; {@code signedInUser} is the user a delegated run signs in as, the
   * owner of a registration whose manifest entry names no owners.
   */
  public static DesiredState resolve(Manifest manifest, ObservedTenant tenant, Optional<ObjectId> signedInUser) {
    List<DesiredApplication> apps = new ArrayList<>();
    for (ApplicationSpec app : manifest.applications()) {
      List<DesiredOwner> owners = owners(manifest.source(), app, tenant);
      DesiredOwner fallback = owners.isEmpty()
          ? signedInUser.map(id -> new DesiredOwner(id, "the signed-in user (" + id + ")")).orElse(null) : null;
      apps.add(new DesiredApplication(app, apis(manifest.source(), app, tenant), roles(manifest.source(), app, tenant),
          owners, fallback));
    }
    return new DesiredState(apps);
  }

  /** Owners by UPN (users) or object id (users and service principals), as the tenant read them. */
  private static List<DesiredOwner> owners(String file, ApplicationSpec app, ObservedTenant tenant) {
    List<DesiredOwner> out = new ArrayList<>();
    for (OwnerSpec o : app.owners()) {
      String who = o.owner().trim();
      Optional<DesiredOwner> user = tenant.users().stream()
          .filter(u -> who.equalsIgnoreCase(u.userPrincipalName()) || who.equalsIgnoreCase(u.id().value()))
          .findFirst().map(u -> new DesiredOwner(u.id(), u.userPrincipalName()));
      Optional<DesiredOwner> owner = user.or(() -> !o.isObjectId() ? Optional.empty() : tenant.servicePrincipals().stream()
          .filter(sp -> who.equalsIgnoreCase(sp.id().value())).findFirst()
          .map(sp -> new DesiredOwner(sp.id(), "service principal '" + sp.displayName() + "' (" + sp.id() + ")")));
      out.add(owner.orElseThrow(() -> error(file, o.where(), "owner '" + who + "' is not "
          + (o.isObjectId() ? "the object id of a user or service principal" : "a user") + " in this tenant")));
    }
    return out;
  }

  /** APIs named by the manifest that have no service principal in the tenant. */
  public static List<ApiMatch> missingApis(Manifest manifest, ObservedTenant tenant) {
    Map<AppId, ApiMatch> out = new LinkedHashMap<>();
    for (ApplicationSpec app : manifest.applications()) {
      for (PermissionSpec p : app.permissions()) {
        ApiMatch m = api(manifest.source(), p, tenant);
        if (m.sp().isEmpty()) out.putIfAbsent(m.appId(), m);
      }
    }
    return List.copyOf(out.values());
  }

  private static List<DesiredApi> apis(String file, ApplicationSpec app, ObservedTenant tenant) {
    Map<AppId, DesiredApi> byApp = new LinkedHashMap<>();
    for (PermissionSpec p : app.permissions()) {
      ApiMatch m = api(file, p, tenant);
      List<DesiredPermission> delegated = new ArrayList<>();
      List<DesiredPermission> application = new ArrayList<>();
      for (String name : p.delegated()) delegated.add(m.sp().map(sp -> scope(file, p, m, sp, name)).orElse(new DesiredPermission(name, null)));
      for (String name : p.application()) application.add(m.sp().map(sp -> role(file, p, m, sp, name)).orElse(new DesiredPermission(name, null)));
      DesiredApi prior = byApp.get(m.appId());
      if (prior != null) {
        delegated.addAll(0, prior.delegated());
        application.addAll(0, prior.application());
      }
      byApp.put(m.appId(), new DesiredApi(m.appId(), m.name(), m.sp().map(ServicePrincipal::id).orElse(null),
          distinct(delegated), distinct(application)));
    }
    return List.copyOf(byApp.values());
  }

  private static List<DesiredPermission> distinct(List<DesiredPermission> in) {
    Map<String, DesiredPermission> seen = new LinkedHashMap<>();
    for (DesiredPermission p : in) seen.putIfAbsent(p.name().toLowerCase(Locale.ROOT), p);
    return List.copyOf(seen.values());
  }

  public static ApiMatch api(String file, PermissionSpec p, ObservedTenant tenant) {
    String api = p.api().trim();
    if (ApiNames.isAppId(api)) {
      AppId appId = new AppId(api);
      Optional<ServicePrincipal> sp = tenant.servicePrincipalFor(appId);
      return new ApiMatch(appId, sp.map(ServicePrincipal::displayName).orElse(ApiNames.label(appId)), sp);
    }
    List<ServicePrincipal> named = tenant.servicePrincipals().stream()
        .filter(sp -> sp.displayName().equalsIgnoreCase(api)).toList();
    if (named.size() == 1) return new ApiMatch(named.get(0).appId(), named.get(0).displayName(), Optional.of(named.get(0)));
    if (named.size() > 1) {
      StringBuilder b = new StringBuilder("API '" + api + "' is ambiguous: " + named.size()
          + " service principals carry that name; name it by appId instead:");
      for (ServicePrincipal sp : named) b.append("\n  ").append(sp.appId()).append("  ").append(sp.displayName());
      throw error(file, p.where(), b.toString());
    }
    Optional<AppId> known = ApiNames.firstParty(api);
    if (known.isPresent()) {
      Optional<ServicePrincipal> sp = tenant.servicePrincipalFor(known.get());
      return new ApiMatch(known.get(), sp.map(ServicePrincipal::displayName).orElse(ApiNames.label(known.get())), sp);
    }
    List<String> names = tenant.servicePrincipals().stream().map(ServicePrincipal::displayName).toList();
    throw error(file, p.where(), "no API named '" + api + "' in this tenant"
        + (names.isEmpty() ? "; name it by appId" : "; nearest: " + String.join(", ", Nearest.first(api, names, 5))
        + " (or name it by appId)"));
  }

  private static DesiredPermission scope(String file, PermissionSpec p, ApiMatch m, ServicePrincipal sp, String name) {
    Optional<PermissionScope> hit = sp.oauth2PermissionScopes().stream().filter(s -> name.equals(s.value())).findFirst()
        .or(() -> sp.oauth2PermissionScopes().stream().filter(s -> name.equalsIgnoreCase(s.value())).findFirst());
    if (hit.isPresent()) return new DesiredPermission(hit.get().value(), hit.get().id());
    if (sp.appRoles().stream().anyMatch(r -> name.equalsIgnoreCase(r.value()) && r.forApplications())) {
      throw error(file, p.where(), "'" + name + "' is an application permission of " + m.name()
          + ", not a delegated one: list it under 'application'");
    }
    throw error(file, p.where(), "'" + name + "' is not a delegated permission of " + m.name() + " (" + m.appId()
        + ")" + offered(name, sp.oauth2PermissionScopes().stream().map(PermissionScope::value).toList()));
  }

  private static DesiredPermission role(String file, PermissionSpec p, ApiMatch m, ServicePrincipal sp, String name) {
    List<AppRole> roles = sp.appRoles().stream().filter(AppRole::forApplications).toList();
    Optional<AppRole> hit = roles.stream().filter(r -> name.equals(r.value())).findFirst()
        .or(() -> roles.stream().filter(r -> name.equalsIgnoreCase(r.value())).findFirst());
    if (hit.isPresent()) return new DesiredPermission(hit.get().value(), hit.get().id());
    if (sp.oauth2PermissionScopes().stream().anyMatch(s -> name.equalsIgnoreCase(s.value()))) {
      throw error(file, p.where(), "'" + name + "' is a delegated permission of " + m.name()
          + ", not an application one: list it under 'delegated'");
    }
    throw error(file, p.where(), "'" + name + "' is not an application permission of " + m.name() + " (" + m.appId()
        + ")" + offered(name, roles.stream().map(AppRole::value).toList()));
  }

  private static String offered(String name, List<String> offered) {
    if (offered.isEmpty()) return "; it offers none";
    List<String> near = Nearest.first(name, offered, 8);
    return "; it offers " + offered.size() + ", nearest first: " + String.join(", ", near)
        + (offered.size() > near.size() ? ", …" : "");
  }

  private static List<DesiredRole> roles(String file, ApplicationSpec app, ObservedTenant tenant) {
    List<DesiredRole> out = new ArrayList<>();
    for (DirectoryRoleSpec r : app.directoryRoles()) {
      RoleDefinition def = tenant.roleDefinitions().stream().filter(d -> d.displayName().equalsIgnoreCase(r.role().trim()))
          .findFirst().orElseThrow(() -> error(file, r.where(), "no directory role named '" + r.role() + "'"
              + offered(r.role(), tenant.roleDefinitions().stream().map(RoleDefinition::displayName).toList())));
      if (r.assignee() == null || r.assignee().isBlank()) {
        out.add(new DesiredRole(def.displayName(), def.id(), def.templateId(), null, "the registration's service principal"));
        continue;
      }
      String who = r.assignee().trim();
      User user = tenant.users().stream()
          .filter(u -> who.equalsIgnoreCase(u.userPrincipalName()) || who.equalsIgnoreCase(u.id().value()))
          .findFirst().orElseThrow(() -> error(file, r.where(), "assignee '" + who + "' is not a user in this tenant"));
      out.add(new DesiredRole(def.displayName(), def.id(), def.templateId(), user.id(), user.userPrincipalName()));
    }
    return out;
  }

  private static ManifestException error(String file, Where where, String problem) {
    return where == null || where.unknownFile()
        ? new ManifestException(file, where == null ? 0 : where.line(), where == null ? 0 : where.column(), problem)
        : new ManifestException(where.file(), where.line(), where.column(), problem);
  }
}
