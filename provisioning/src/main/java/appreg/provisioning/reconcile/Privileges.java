package appreg.provisioning.reconcile;

import appreg.provisioning.MissingPrivilegeException;
import appreg.provisioning.graph.CallerClaims;
import appreg.provisioning.graph.GraphErrors;
import appreg.provisioning.tenant.WellKnown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares what a plan will do with what the caller's token says it may do, before the first write, and stops with
 * exit 77 naming the first missing permission. Least-privileged choices first (Graph docs' permission tables; see
 * docs/permissions.md). Delegated callers also need a directory role for some steps: checked when the token lists them.
 */
public final class Privileges {
  private Privileges() {}

  static final String PRIVILEGED_ROLE_ADMINISTRATOR = "e8611ab8-c189-46e8-94e1-60213ab1f814";
  static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
  static final String CLOUD_APPLICATION_ADMINISTRATOR = "158c047a-c907-4556-b7ef-446551a6b5f7";
  static final String APPLICATION_ADMINISTRATOR = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";

  static final String OWNED_BY = "Application.ReadWrite.OwnedBy";

  /**
   * For one action: the step name used in messages and the permissions any one of which lets it run, least privileged
   * first. {@code foreignApplication}: the step creates the service principal of another tenant's application.
   */
  record Need(String step, List<String> anyOf, boolean foreignApplication) {
    Need(String step, List<String> anyOf) {
      this(step, anyOf, false);
    }
  }

  static Optional<Need> need(Action action) {
    if (action instanceof Action.CreateRegistration || action instanceof Action.AdoptRegistration
        || action instanceof Action.UpdateRegistration) {
      return Optional.of(new Need("writing the registration", List.of(OWNED_BY, "Application.ReadWrite.All")));
    }
    if (action instanceof Action.IssueSecret || action instanceof Action.RevokeSecret) {
      return Optional.of(new Need("managing client secrets", List.of(OWNED_BY, "Application.ReadWrite.All")));
    }
    if (action instanceof Action.CreateServicePrincipal c && c.appId() != null) {
      // An API's service principal (Microsoft Partner): its application is registered in another tenant, which
      // OwnedBy does not cover. Graph answers 403 "When using this permission, the backing application of the
      // service principal being created must in the local tenant" (Azure/azure-cli issue 28009).
      String api = c.label() + " (" + c.appId() + ")";
      return Optional.of(new Need("creating the service principal of " + api,
          List.of("Application.ReadWrite.All", "Directory.ReadWrite.All"), true));
    }
    if (action instanceof Action.GenerateCertificate || action instanceof Action.RegisterCertificate
        || action instanceof Action.RemoveCertificate) {
      // application-update.md and application-addkey.md
      return Optional.of(new Need("managing certificates", List.of(OWNED_BY, "Application.ReadWrite.All")));
    }
    if (action instanceof Action.AddFederatedCredential || action instanceof Action.UpdateFederatedCredential) {
      // application-post-federatedidentitycredentials.md, federatedidentitycredential-update.md
      return Optional.of(new Need("managing federated credentials", List.of(OWNED_BY, "Application.ReadWrite.All")));
    }
    if (action instanceof Action.CreateServicePrincipal) {
      return Optional.of(new Need("creating the registration's service principal", List.of(OWNED_BY, "Application.ReadWrite.All", "Directory.ReadWrite.All")));
    }
    if (action instanceof Action.GrantAdminConsent || action instanceof Action.RevokeAdminConsent) {
      return Optional.of(new Need("granting delegated admin consent", List.of("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All")));
    }
    if (action instanceof Action.AssignAppRole || action instanceof Action.RevokeAppRole) {
      return Optional.of(new Need("consenting to application permissions", List.of("AppRoleAssignment.ReadWrite.All")));
    }
    if (action instanceof Action.AddOwner) {
      // application-post-owners.md: "Application.ReadWrite.OwnedBy isn't sufficient to add another owner"
      return Optional.of(new Need("adding an owner", List.of("Application.ReadWrite.All", "Directory.ReadWrite.All")));
    }
    if (action instanceof Action.DeleteRegistration || action instanceof Action.DeleteServicePrincipal
        || action instanceof Action.PurgeDeleted) {
      // application-delete.md, serviceprincipal-delete.md, directory-deleteditems-delete.md
      return Optional.of(new Need("deleting registrations and service principals",
          List.of("Application.ReadWrite.OwnedBy", "Application.ReadWrite.All")));
    }
    if (action instanceof Action.AssignRole || action instanceof Action.RemoveRoleAssignment) {
      return Optional.of(new Need(action instanceof Action.AssignRole ? "assigning a directory role"
          : "removing a directory role assignment", List.of("RoleManagement.ReadWrite.Directory")));
    }
    return Optional.empty();
  }

  /**
   * Stops with exit 77 when the token holds none of the permissions a step of the plan needs, naming only permissions
   * it does not hold. Does nothing for an opaque token: Graph is then the judge.
   */
  public static void check(Plan plan, Optional<CallerClaims> caller) {
    if (caller.isEmpty()) return;
    CallerClaims c = caller.get();
    Map<String, Need> missing = new LinkedHashMap<>();
    for (Step s : plan.writes()) {
      need(s.action()).ifPresent(n -> {
        List<String> lacking = c.lacking(n.anyOf());
        if (!lacking.isEmpty()) missing.putIfAbsent(n.step(), new Need(n.step(), lacking, n.foreignApplication()));
      });
    }
    if (!missing.isEmpty()) {
      Need first = missing.values().iterator().next();
      List<String> steps = new ArrayList<>(missing.keySet());
      String also = steps.size() > 1 ? " (also for: " + String.join(", ", steps.subList(1, steps.size())) + ")" : "";
      if (first.foreignApplication() && c.appOnly() && c.holds(OWNED_BY)) {
        throw new MissingPrivilegeException(first.step(), first.anyOf(), GraphErrors.OWNED_BY_ONLY_LOCAL + also
            + "; nothing was changed");
      }
      throw new MissingPrivilegeException(first.step(), first.anyOf(),
          "the token lacks the Graph permission this run needs" + also
          + (c.appOnly() ? " (application permission, admin-consented)" : " (delegated scope)")
          + "; nothing was changed");
    }
    if (!c.appOnly() && !c.directoryRoles().isEmpty()) {
      boolean graphAppRoles = plan.writes().stream().anyMatch(s -> s.action() instanceof Action.AssignAppRole a
          && a.resourceAppId().equals(WellKnown.MICROSOFT_GRAPH));
      boolean roles = plan.writes().stream().anyMatch(s -> s.action() instanceof Action.AssignRole
          || s.action() instanceof Action.RemoveRoleAssignment);
      boolean privileged = c.directoryRoles().contains(PRIVILEGED_ROLE_ADMINISTRATOR) || c.directoryRoles().contains(GLOBAL_ADMINISTRATOR);
      if ((graphAppRoles || roles) && !privileged) {
        boolean assigns = plan.writes().stream().anyMatch(s -> s.action() instanceof Action.AssignRole);
        throw new MissingPrivilegeException(graphAppRoles ? "consenting to Microsoft Graph application permissions"
            : assigns ? "assigning a directory role" : "removing a directory role assignment",
            List.of("Privileged Role Administrator", "Global Administrator"),
            "the signed-in user holds no directory role that may do this; nothing was changed");
      }
    }
  }
}
