package appreg.provisioning.graph;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.Organization;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.PermissionScope;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.ResourceAccess;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.User;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.UnifiedRoleDefinition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/** Graph SDK models to appreg's tenant records. Missing collections become empty lists, never null. */
public final class Models {
  private Models() {}

  /** The {@code $select} that fills a {@link Registration}. */
  public static final String[] APPLICATION_FIELDS = {
      "id", "appId", "displayName", "uniqueName", "signInAudience", "web", "spa", "publicClient",
      "isFallbackPublicClient", "servicePrincipalLockConfiguration", "requiredResourceAccess", "passwordCredentials",
      "keyCredentials", "tags", "createdDateTime"};

  /** The {@code $select} that fills a {@link ServicePrincipal}. */
  public static final String[] SERVICE_PRINCIPAL_FIELDS = {
      "id", "appId", "displayName", "appOwnerOrganizationId", "servicePrincipalType", "accountEnabled",
      "oauth2PermissionScopes", "appRoles", "passwordCredentials", "keyCredentials", "tags"};

  public static Registration registration(Application a) {
    var web = a.getWeb();
    var implicit = web == null ? null : web.getImplicitGrantSettings();
    return new Registration(
        new ObjectId(a.getId()),
        new AppId(a.getAppId()),
        a.getDisplayName(),
        a.getUniqueName(),
        a.getSignInAudience(),
        list(web == null ? null : web.getRedirectUris()),
        list(a.getSpa() == null ? null : a.getSpa().getRedirectUris()),
        list(a.getPublicClient() == null ? null : a.getPublicClient().getRedirectUris()),
        implicit != null && Boolean.TRUE.equals(implicit.getEnableAccessTokenIssuance()),
        implicit != null && Boolean.TRUE.equals(implicit.getEnableIdTokenIssuance()),
        Boolean.TRUE.equals(a.getIsFallbackPublicClient()),
        a.getServicePrincipalLockConfiguration() != null
            && Boolean.TRUE.equals(a.getServicePrincipalLockConfiguration().getIsEnabled()),
        map(a.getRequiredResourceAccess(), r -> new RequiredResource(new AppId(r.getResourceAppId()),
            map(r.getResourceAccess(), x -> new ResourceAccess(str(x.getId()), PermissionType.fromGraph(x.getType()))))),
        map(a.getPasswordCredentials(), Models::password),
        map(a.getKeyCredentials(), Models::key),
        list(a.getTags()),
        instant(a.getCreatedDateTime()),
        map(a.getFederatedIdentityCredentials(), Models::federated));
  }

  public static FederatedCredential federated(com.microsoft.graph.models.FederatedIdentityCredential f) {
    return new FederatedCredential(f.getId(), f.getName(), f.getIssuer(), f.getSubject(), list(f.getAudiences()),
        f.getDescription());
  }

  public static PasswordCredential password(com.microsoft.graph.models.PasswordCredential p) {
    return new PasswordCredential(str(p.getKeyId()), p.getDisplayName(), p.getHint(),
        instant(p.getStartDateTime()), instant(p.getEndDateTime()));
  }

  public static KeyCredential key(com.microsoft.graph.models.KeyCredential k) {
    return new KeyCredential(str(k.getKeyId()), k.getDisplayName(), k.getType(), k.getUsage(),
        instant(k.getStartDateTime()), instant(k.getEndDateTime()), KeyCredential.thumbprintOf(k.getCustomKeyIdentifier()),
        k.getKey() == null ? null : java.util.Base64.getEncoder().encodeToString(k.getKey()));
  }

  public static ServicePrincipal servicePrincipal(com.microsoft.graph.models.ServicePrincipal sp) {
    return new ServicePrincipal(
        new ObjectId(sp.getId()),
        new AppId(sp.getAppId()),
        sp.getDisplayName(),
        str(sp.getAppOwnerOrganizationId()),
        sp.getServicePrincipalType(),
        !Boolean.FALSE.equals(sp.getAccountEnabled()),
        map(sp.getOauth2PermissionScopes(), s -> new PermissionScope(str(s.getId()), s.getValue(), s.getType(),
            !Boolean.FALSE.equals(s.getIsEnabled()))),
        map(sp.getAppRoles(), r -> new AppRole(str(r.getId()), r.getValue(), new HashSet<>(list(r.getAllowedMemberTypes())),
            !Boolean.FALSE.equals(r.getIsEnabled()))),
        map(sp.getPasswordCredentials(), Models::password),
        map(sp.getKeyCredentials(), Models::key),
        list(sp.getTags()));
  }

  public static DelegatedGrant grant(OAuth2PermissionGrant g) {
    return new DelegatedGrant(g.getId(), new ObjectId(g.getClientId()), new ObjectId(g.getResourceId()),
        g.getConsentType(), g.getPrincipalId() == null ? null : new ObjectId(g.getPrincipalId()),
        DelegatedGrant.parseScopes(g.getScope()));
  }

  public static AppRoleAssignment appRoleAssignment(com.microsoft.graph.models.AppRoleAssignment a) {
    return new AppRoleAssignment(a.getId(), new ObjectId(str(a.getPrincipalId())), a.getPrincipalType(),
        new ObjectId(str(a.getResourceId())), str(a.getAppRoleId()));
  }

  public static RoleAssignment roleAssignment(UnifiedRoleAssignment r) {
    return new RoleAssignment(r.getId(), r.getRoleDefinitionId(), new ObjectId(r.getPrincipalId()), r.getDirectoryScopeId());
  }

  public static RoleDefinition roleDefinition(UnifiedRoleDefinition r) {
    return new RoleDefinition(r.getId(), r.getDisplayName(), r.getTemplateId(), Boolean.TRUE.equals(r.getIsBuiltIn()));
  }

  public static Organization organization(com.microsoft.graph.models.Organization o) {
    return new Organization(o.getId(), o.getDisplayName(), map(o.getVerifiedDomains(),
        d -> new Organization.Domain(d.getName(), Boolean.TRUE.equals(d.getIsDefault()), Boolean.TRUE.equals(d.getIsInitial()))));
  }

  public static User user(com.microsoft.graph.models.User u) {
    return new User(new ObjectId(u.getId()), u.getUserPrincipalName(), u.getDisplayName());
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  static String str(UUID id) {
    return id == null ? "" : id.toString();
  }

  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l.stream().filter(Objects::nonNull).toList();
  }

  static <A, B> List<B> map(List<A> in, Function<A, B> f) {
    List<B> out = new ArrayList<>();
    if (in != null) for (A a : in) if (a != null) out.add(f.apply(a));
    return out;
  }

  /** The object ids of directory objects (owners, members), in Graph's order. */
  public static List<ObjectId> ids(List<? extends com.microsoft.graph.models.DirectoryObject> objects) {
    List<ObjectId> out = new ArrayList<>();
    if (objects != null) for (var o : objects) if (o.getId() != null) out.add(new ObjectId(o.getId()));
    return List.copyOf(out);
  }
}
