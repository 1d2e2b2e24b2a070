package appreg.provisioning.reconcile;

import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.DeletedItems;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.ServicePrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The destroy plan of {@code appreg delete}: for each key, the registration whose {@code uniqueName} is that key and
 * what hangs on it, dependents first — its service principal's directory role assignments, application permission
 * consents and delegated grants, the service principal, the delivered secret file, the registration itself; with
 * {@code purge}, then the permanent deletion of both from deleted items (and of ones an earlier delete left there).
 * A registration that carries the key only as a tag, or only shares the display name, is never touched: the
 * uniqueName is the key (docs/manifest.md). Pure.
 */
public final class Destroyer {
  private Destroyer() {}

  /**
   * @param secretFiles for each key, the secret file to remove: present only when the file holds the secret of the
   *     registration with that key (its clientId is the registration's appId)
   */
  public static Plan plan(List<String> keys, ObservedTenant tenant, DeletedItems deleted, Map<String, String> secretFiles,
                          boolean purge) {
    List<Step> steps = new ArrayList<>();
    for (String key : keys) {
      Optional<Registration> reg = tenant.registrationByUniqueName(key);
      for (Registration tagged : tenant.registrations()) {
        if (!key.equals(tagged.uniqueName()) && tagged.carriesKey(key)) {
          steps.add(new Step(new Drift(key, null, "registration " + tagged.appId() + " ('" + tagged.displayName()
              + "') carries the tag " + Registration.KEY_TAG_PREFIX + key + " but not the uniqueName '" + key + "'"),
              new Action.ManualStep(key, "appreg deletes only the registration whose uniqueName is '" + key
                  + "'; delete " + tagged.appId() + " in the portal if it should go too")));
        }
      }
      if (reg.isPresent()) {
        Registration r = reg.get();
        Optional<ServicePrincipal> sp = tenant.servicePrincipalFor(r.appId());
        if (sp.isPresent()) dependents(key, sp.get(), tenant, steps);
        String file = secretFiles.get(key);
        if (file != null) {
          steps.add(new Step(new Drift(key, null, "the client secret of " + r.appId() + " delivered to " + file),
              new Action.DeleteSecretFile(key, file)));
        }
        steps.add(new Step(new Drift(key, null, "registration " + r.appId() + " ('" + r.displayName() + "') has the "
            + "uniqueName '" + key + "'"), new Action.DeleteRegistration(key, r.id(), r.appId(), r.displayName())));
        if (purge) {
          sp.ifPresent(s -> steps.add(new Step(new Drift(key, null, "the service principal stays restorable for 30 days"),
              new Action.PurgeDeleted(key, s.id(), "service principal '" + s.displayName() + "'"))));
          steps.add(new Step(new Drift(key, null, "the registration stays restorable for 30 days"),
              new Action.PurgeDeleted(key, r.id(), "registration '" + r.displayName() + "'")));
        }
      } else {
        String file = secretFiles.get(key);
        if (file != null) {
          steps.add(new Step(new Drift(key, null, "the client secret of a deleted registration, delivered to " + file),
              new Action.DeleteSecretFile(key, file)));
        }
      }
      if (purge) {
        for (Registration d : deleted.applications()) {
          if (!key.equals(d.uniqueName())) continue;
          for (ServicePrincipal s : deleted.servicePrincipals()) {
            if (!s.appId().equals(d.appId())) continue;
            steps.add(new Step(new Drift(key, null, "service principal " + s.id() + " of " + d.appId() + " is in deleted items"),
                new Action.PurgeDeleted(key, s.id(), "service principal '" + s.displayName() + "'")));
          }
          steps.add(new Step(new Drift(key, null, "registration " + d.appId() + " ('" + d.displayName() + "') is in deleted items"),
              new Action.PurgeDeleted(key, d.id(), "registration '" + d.displayName() + "'")));
        }
      }
    }
    return new Plan(steps);
  }

  private static void dependents(String key, ServicePrincipal sp, ObservedTenant tenant, List<Step> steps) {
    for (RoleAssignment a : tenant.roleAssignments()) {
      if (!a.principalId().equals(sp.id())) continue;
      String role = tenant.roleDefinitions().stream().filter(d -> d.id().equalsIgnoreCase(a.roleDefinitionId())
          || (d.templateId() != null && d.templateId().equalsIgnoreCase(a.roleDefinitionId())))
          .map(RoleDefinition::displayName).findFirst().orElse(a.roleDefinitionId());
      steps.add(new Step(new Drift(key, null, "the service principal holds the directory role " + role
          + " (scope " + (a.directoryScopeId() == null ? "/" : a.directoryScopeId()) + ")"),
          new Action.RemoveRoleAssignment(key, a.id(), role, sp.id())));
    }
    for (AppRoleAssignment a : tenant.appRoleAssignments()) {
      if (!a.principalId().equals(sp.id())) continue;
      Optional<ServicePrincipal> res = tenant.servicePrincipal(a.resourceId());
      String api = res.map(ServicePrincipal::displayName).orElse(a.resourceId().value());
      String name = res.flatMap(r -> r.appRoles().stream().filter(x -> x.id().equalsIgnoreCase(a.appRoleId()))
          .map(x -> x.value()).findFirst()).orElse(a.appRoleId());
      steps.add(new Step(new Drift(key, null, "the service principal is consented " + api + " application permission " + name),
          new Action.RevokeAppRole(key, sp.id(), a.id(), api, name)));
    }
    for (DelegatedGrant g : tenant.grants()) {
      if (!g.clientId().equals(sp.id())) continue;
      String api = tenant.servicePrincipal(g.resourceId()).map(ServicePrincipal::displayName).orElse(g.resourceId().value());
      steps.add(new Step(new Drift(key, null, (g.forAllPrincipals() ? "admin consent" : "a user's consent") + " for " + api
          + ": " + String.join(" ", g.scopes())), new Action.RevokeAdminConsent(key, g.id(), api, g.scopes())));
    }
    steps.add(new Step(new Drift(key, null, "service principal " + sp.id() + " of the registration"),
        new Action.DeleteServicePrincipal(key, sp.id(), sp.displayName())));
  }
}
