package appreg.provisioning.tenant;

import java.util.List;

/**
 * Registration properties to write. A null field is left as it is in the tenant; a list is written whole (Graph
 * replaces collections). {@code changedProperties} names what differs, for plan output.
 */
public record RegistrationPatch(String displayName, String signInAudience, List<String> webRedirectUris,
    List<String> spaRedirectUris, List<String> publicClientRedirectUris, List<RequiredResource> requiredResourceAccess,
    List<String> tags, List<String> changedProperties) {
  public RegistrationPatch {
    webRedirectUris = webRedirectUris == null ? null : List.copyOf(webRedirectUris);
    spaRedirectUris = spaRedirectUris == null ? null : List.copyOf(spaRedirectUris);
    publicClientRedirectUris = publicClientRedirectUris == null ? null : List.copyOf(publicClientRedirectUris);
    requiredResourceAccess = requiredResourceAccess == null ? null : List.copyOf(requiredResourceAccess);
    tags = tags == null ? null : List.copyOf(tags);
    changedProperties = List.copyOf(changedProperties);
  }
}
