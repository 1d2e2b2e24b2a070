package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.TenantPart;
import java.util.Set;

/**
 * The registration has no owners. Fires only when appreg knows the owner list is empty (the bulk read asks Graph for
 * exactly the ownerless registrations), never when owners were simply not read.
 */
public final class NoOwners implements TenantRule {
  private static final Description D = new Description("no-owners", Severity.MEDIUM,
      "Registration has no owners",
      "Nobody is accountable for rotating its credentials, reviewing its permissions or deleting it when it is no longer needed.",
      "Add at least two owners (Microsoft's advice), people or a service principal of the team that runs the app.",
      "https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration (app ownership); "
          + "microsoft-graph-docs-contrib api-reference/v1.0/api/application-list.md (owners/$count eq 0)");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.OWNERS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (CompactRegistration r : c.registrations()) {
      if (c.withoutOwners(r)) out.accept(finding(r.subject(), "no owners", Rule.details("owners", "0")));
    }
  }
}
