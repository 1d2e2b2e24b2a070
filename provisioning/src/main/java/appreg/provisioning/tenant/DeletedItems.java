package appreg.provisioning.tenant;

import java.util.List;

/**
 * Soft-deleted applications and service principals: Entra keeps a deleted one for 30 days in the tenant's deleted
 * items, from where it can be restored or permanently deleted (application-delete.md, directory-deleteditems-list.md).
 */
public record DeletedItems(List<Registration> applications, List<ServicePrincipal> servicePrincipals) {
  public static final DeletedItems NONE = new DeletedItems(List.of(), List.of());

  public DeletedItems {
    applications = List.copyOf(applications);
    servicePrincipals = List.copyOf(servicePrincipals);
  }
}
