package appreg.provisioning.desired;

import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.ObjectId;
import java.util.List;

/** The manifest with every name resolved to an id against what the tenant offers. */
public record DesiredState(List<DesiredApplication> applications) {
  public DesiredState {
    applications = List.copyOf(applications);
  }

  /**
   * {@code owners} are the declared owners, resolved; {@code defaultOwner} is the signed-in user when the manifest
   * declares none and the run is delegated (null otherwise): it becomes the owner of a registration that has none.
   */
  public record DesiredApplication(ApplicationSpec spec, List<DesiredApi> apis, List<DesiredRole> roles,
                                   List<DesiredOwner> owners, DesiredOwner defaultOwner) {
    public DesiredApplication {
      apis = List.copyOf(apis);
      roles = List.copyOf(roles);
      owners = List.copyOf(owners);
    }

    public DesiredApplication(ApplicationSpec spec, List<DesiredApi> apis, List<DesiredRole> roles) {
      this(spec, apis, roles, List.of(), null);
    }

    public String key() {
      return spec.key();
    }
  }

  /**
   * An API the application calls. {@code resourceSp} is null when the API has no service principal in the tenant yet;
   * its permissions then have no ids until one is created.
   */
  public record DesiredApi(AppId appId, String name, ObjectId resourceSp, List<DesiredPermission> delegated,
                           List<DesiredPermission> application) {
    public DesiredApi {
      delegated = List.copyOf(delegated);
      application = List.copyOf(application);
    }

    public boolean resolved() {
      return resourceSp != null;
    }
  }

  /** A permission by name, and its id on the API (null until the API's service principal exists). */
  public record DesiredPermission(String name, String id) {}

  /** An owner by object id, and how plan output names it (a UPN, "service principal NAME", "the signed-in user"). */
  public record DesiredOwner(ObjectId id, String label) {}

  /** A directory role to assign tenant-wide; {@code principal} null means the registration's own service principal. */
  public record DesiredRole(String role, String roleDefinitionId, String templateId, ObjectId principal, String assignee) {}
}
