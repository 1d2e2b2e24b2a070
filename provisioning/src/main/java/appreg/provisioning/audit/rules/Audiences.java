package appreg.provisioning.audit.rules;

import java.util.Set;

/** Graph's signInAudience values, and which of them let other organisations' users in. */
final class Audiences {
  private Audiences() {}

  static final String SINGLE_TENANT = "AzureADMyOrg";

  /** Audiences under which other Entra tenants get a service principal copy of the app. */
  static final Set<String> OTHER_ORGANIZATIONS = Set.of("AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount");

  static boolean multiTenant(String audience) {
    return audience != null && !audience.isBlank() && !SINGLE_TENANT.equalsIgnoreCase(audience);
  }
}
