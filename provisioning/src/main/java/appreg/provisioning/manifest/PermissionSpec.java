package appreg.provisioning.manifest;

import java.util.List;

/**
 * The permissions wanted on one API. {@code api} is kept as written, a display name or an appId: it is resolved
 * against the tenant later (appId first, then display name). {@code delegated} names scopes, {@code application}
 * names app roles; at least one of them is non-empty.
 */
public record PermissionSpec(String api, List<String> delegated, List<String> application, Where where) {
  public PermissionSpec {
    if (api == null || api.isBlank()) throw new IllegalArgumentException("empty api");
    delegated = delegated == null ? List.of() : List.copyOf(delegated);
    application = application == null ? List.of() : List.copyOf(application);
    where = where == null ? new Where(null, 0, 0) : where;
  }
}
