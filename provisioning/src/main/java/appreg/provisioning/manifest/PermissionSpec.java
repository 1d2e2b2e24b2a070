package appreg.provisioning.manifest;

import java.util.List;

public record PermissionSpec(String api, List<String> delegated, List<String> application, Where where) {
  public PermissionSpec {
    delegated = List.copyOf(delegated);
    application = List.copyOf(application);
  }
}
