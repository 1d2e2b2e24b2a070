package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.IntendedRegistration;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;

/** signInAudience is wider than this tenant. Info instead of medium when a manifest declares that audience on purpose. */
public final class MultiTenantAudience implements RegistrationRule {
  private static final Description D = new Description("multi-tenant-audience", Severity.MEDIUM,
      "Accepts sign-ins from other tenants",
      "A multi-tenant or personal-account audience lets users of any organisation (or any Microsoft account) sign in "
          + "and consent, widening who can reach the app; appreg's default is single tenant. Info when a manifest "
          + "declares this audience deliberately.",
      "Set signInAudience to AzureADMyOrg unless the app is meant for other organisations; if it is, declare it in the manifest.",
      "appreg contract (single tenant by default); Zero Trust Assessment test 21777");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration audited, Consumer<Finding> out) {
    Registration r = audited.registration();
    if (!Audiences.multiTenant(r.signInAudience())) return;
    boolean declared = audited.intended().map(IntendedRegistration::signInAudience)
        .map(a -> a.equalsIgnoreCase(r.signInAudience())).orElse(false);
    out.accept(finding(declared ? Severity.INFO : Severity.MEDIUM, audited.subject(),
        "signInAudience is " + r.signInAudience() + (declared ? " (as the manifest declares)" : ""),
        Rule.details("signInAudience", r.signInAudience(), "declaredInManifest", Boolean.toString(declared))));
  }
}
