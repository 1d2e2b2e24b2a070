package appreg.provisioning.manifest;

import appreg.provisioning.tenant.AppId;
import java.util.List;

/**
 * One app registration as the manifest wants it. {@code key} becomes the application's Graph {@code uniqueName};
 * {@code appId}, when set, adopts an existing registration instead of creating one. {@code secret} is null when no
 * client secret is wanted, {@code certificate} when no certificate is. {@code owners} empty means "the signed-in user" on a delegated run (see docs/manifest.md).
 * {@code profile} names the built-in profile the application was made from ({@code init --profile}), or is null; it
 * selects the manual steps apply prints. Validation with file positions happens in {@link ManifestReader}; this
 * constructor only fills defaults and copies.
 */
public record ApplicationSpec(
    String key,
    String displayName,
    String signInAudience,
    AppId appId,
    List<String> webRedirectUris,
    List<String> spaRedirectUris,
    List<String> publicClientRedirectUris,
    List<PermissionSpec> permissions,
    boolean adminConsent,
    SecretSpec secret,
    CertificateSpec certificate,
    List<FederatedCredentialSpec> federatedCredentials,
    List<DirectoryRoleSpec> directoryRoles,
    List<OwnerSpec> owners,
    String profile,
    Where where) {

  public static final String DEFAULT_SIGN_IN_AUDIENCE = "AzureADMyOrg";

  /** Graph's {@code signInAudience} values, in the order the docs list them. */
  public static final List<String> SIGN_IN_AUDIENCES = List.of(
      "AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount");

  /**
   * The built-in profile names a manifest may record. The profiles themselves live in {@code profile/}, which builds
   * on this package; a test keeps this list equal to theirs.
   */
  public static final List<String> PROFILES = List.of("partner-referrals", "partner-insights", "entra-reporting");

  public ApplicationSpec {
    if (key == null || key.isBlank()) throw new IllegalArgumentException("empty application key");
    signInAudience = signInAudience == null ? DEFAULT_SIGN_IN_AUDIENCE : signInAudience;
    webRedirectUris = copy(webRedirectUris);
    spaRedirectUris = copy(spaRedirectUris);
    publicClientRedirectUris = copy(publicClientRedirectUris);
    permissions = copy(permissions);
    federatedCredentials = copy(federatedCredentials);
    directoryRoles = copy(directoryRoles);
    owners = copy(owners);
    where = where == null ? new Where(null, 0, 0) : where;
  }

  /** An application with no certificate and no federated credentials. */
  public ApplicationSpec(String key, String displayName, String signInAudience, AppId appId, List<String> webRedirectUris,
                         List<String> spaRedirectUris, List<String> publicClientRedirectUris, List<PermissionSpec> permissions,
                         boolean adminConsent, SecretSpec secret, List<DirectoryRoleSpec> directoryRoles,
                         List<OwnerSpec> owners, String profile, Where where) {
    this(key, displayName, signInAudience, appId, webRedirectUris, spaRedirectUris, publicClientRedirectUris, permissions,
        adminConsent, secret, null, List.of(), directoryRoles, owners, profile, where);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
