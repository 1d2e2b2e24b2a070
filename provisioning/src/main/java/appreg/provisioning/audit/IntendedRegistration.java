package appreg.provisioning.audit;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.PermissionType;
import java.util.List;
import java.util.Objects;

/**
 * One registration as a manifest declares it. {@code appId} is set when the manifest adopts an existing registration;
 * {@code clientSecret} says the manifest asks for a client secret;
 * {@code signInAudience} and the redirect lists are null when the manifest leaves them to the default; {@code file}
 * and {@code line} locate the declaration (for SARIF and for messages).
 */
public record IntendedRegistration(
    String key,
    String displayName,
    String signInAudience,
    AppId appId,
    List<String> webRedirectUris,
    List<String> spaRedirectUris,
    List<String> publicClientRedirectUris,
    List<Permission> permissions,
    boolean adminConsent,
    boolean clientSecret,
    String file,
    int line) {

  public IntendedRegistration {
    Objects.requireNonNull(key, "key");
    displayName = displayName == null ? "" : displayName;
    webRedirectUris = webRedirectUris == null ? null : List.copyOf(webRedirectUris);
    spaRedirectUris = spaRedirectUris == null ? null : List.copyOf(spaRedirectUris);
    publicClientRedirectUris = publicClientRedirectUris == null ? null : List.copyOf(publicClientRedirectUris);
    permissions = List.copyOf(permissions);
    file = file == null ? "" : file;
  }

  /** A permission the manifest asks for: {@code api} is an appId or a display name, {@code value} the scope or role name. */
  public record Permission(String api, PermissionType type, String value) {}
}
