package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.TenantPart;
import java.util.Map;
import java.util.Set;

/** Any user may register applications (authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps). */
public final class TenantUsersCanRegisterApps implements TenantRule {
  private static final Description D = new Description("tenant-users-can-register-apps", Severity.INFO,
      "Any user can register applications",
      "Registrations made by anyone end up without review or ownership discipline, and can be used for consent phishing "
          + "from inside the tenant.",
      "Set defaultUserRolePermissions.allowedToCreateApps to false (Users > User settings > App registrations) and give "
          + "Application Developer to those who need it.",
      "cisagov/ScubaGear MS.AAD.5.1v1; CIS Microsoft 365 Foundations 5.1.2.2");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.AUTHORIZATION_POLICY); }

  @Override
  public void check(AuditContext c, Consumer<Finding> findings) {
    Map<String, Object> policy = c.policies().authorization();
    if (policy == null) return;
    if (PolicyValues.isTrue(PolicyValues.at(policy, "defaultUserRolePermissions", "allowedToCreateApps"))) {
      findings.accept(finding(c.tenantSubject(), "authorizationPolicy allows every user to create applications",
          Rule.details("allowedToCreateApps", "true")));
    }
  }
}
