package appreg.provisioning.tenant;

import java.util.List;

/** One entry of an application's {@code requiredResourceAccess}: the API (by appId) and the permissions requested. */
public record RequiredResource(AppId resourceAppId, List<ResourceAccess> access) {
  public RequiredResource {
    java.util.Objects.requireNonNull(resourceAppId, "resourceAppId");
    access = List.copyOf(access);
  }
}
