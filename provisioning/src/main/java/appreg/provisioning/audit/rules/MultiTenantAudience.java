package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.IntendedRegistration;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;
import java.util.ArrayList;
import java.util.List;

/** signInAudience is wider than this tenant. Info instead of medium when a manifest declares that audience on purpose. */
public final class MultiTenantAudience implements Rule {
  private static final Description D = new Description("multi-tenant-audience", Severity.MEDIUM,
      "Accepts sign-ins from other tenants",
      "A multi-tenant or personal-account audience lets users of any organisation (or any Microsoft account) sign in "
          + "and consent, widening who can reach the app; appreg's default is single tenant. Info when a manifest "
          + "declares this audience deliberately.",
      "Set signInAudience to AzureADMyOrg unless the app is meant for other organisations; if it is, declare it in the manifest.",
      "appreg contract (single tenant by default); Zero Trust Assessment test 21777");

  @Override public Description description() { return D; }

  @Override
  public List<Finding> check(AuditContext c) {
    List<Finding> out = new ArrayList<>();
    for (Registration r : c.tenant().registrations()) {
      if (!Audiences.multiTenant(r.signInAudience())) continue;
      boolean declared = c.intended(r).map(IntendedRegistration::signInAudience)
          .map(a -> a.equalsIgnoreCase(r.signInAudience())).orElse(false);
      out.add(finding(declared ? Severity.INFO : Severity.MEDIUM, c.subject(r),
          "signInAudience is " + r.signInAudience() + (declared ? " (as the manifest declares)" : ""),
          Rule.details("signInAudience", r.signInAudience(), "declaredInManifest", Boolean.toString(declared))));
    }
    return out;
  }
}
