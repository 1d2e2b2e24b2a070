package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.WellKnown;
import java.util.Set;

/** The registration still requests (or holds consent to) Azure AD Graph, {@code 00000002-0000-0000-c000-000000000000}. */
public final class AzureAdGraphRequested implements TenantRule {
  private static final Description D = new Description("azure-ad-graph-requested", Severity.MEDIUM,
      "Still uses the retired Azure AD Graph API",
      "Azure AD Graph (graph.windows.net) is retired: calls are blocked since 2025, so whatever still depends on it is "
          + "broken or about to be, and the stale permission widens what a stolen credential could do if it ever answered.",
      "Move the calls to Microsoft Graph, then remove the Windows Azure Active Directory permissions from the registration "
          + "and their grants.",
      "https://learn.microsoft.com/entra/identity/monitoring-health/recommendation-migrate-to-microsoft-graph-api "
          + "(Entra recommendation aadGraphDeprecationApplication); Microsoft Entra blog, Azure AD Graph retirement");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (ApiAccess.Reach reach : ApiAccess.find(c, Set.of(WellKnown.AZURE_AD_GRAPH)).values()) {
      out.accept(finding(reach.subject(), String.join(" and ", reach.how()) + ": " + String.join(", ", reach.apis()),
          Rule.details("resourceAppId", WellKnown.AZURE_AD_GRAPH.value(), "access", String.join(" ", reach.how()))));
    }
  }
}
