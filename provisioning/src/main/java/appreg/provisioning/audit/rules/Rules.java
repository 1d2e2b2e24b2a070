package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.Rule;
import java.util.List;

/** Every rule appreg runs, in the order docs/audit.md lists them. Ids are stable: scripts and SARIF baselines key on them. */
public final class Rules {
  private Rules() {}

  public static List<Rule> all() {
    return List.of(
        new CredentialExpired(),
        new CredentialExpiring(),
        new SecretLifetimeTooLong(),
        new CertificateLifetimeTooLong(),
        new CertificateWeakKey(),
        new UsesClientSecret(),
        new TooManyActiveSecrets(),
        new PublicClientWithCredentials(),
        new NoOwners(),
        new MultiTenantAudience(),
        new MultiTenantNoInstanceLock(),
        new HighPrivilegeAppPermissionDirect(),
        new HighPrivilegeAppPermissionIndirect(),
        new HighPrivilegeDelegatedAllUsers(),
        new PrivilegedDirectoryRole(),
        new PermissionNotConsented(),
        new ConsentBeyondRequested(),
        new ServicePrincipalMissing(),
        new PartnerApiAccess(),
        new AzureAdGraphRequested(),
        new FederatedCredentialBroadSubject(),
        new FederatedCredentialInsecureIssuer(),
        new FederatedCredentialSharedSubject(),
        new InsecureRedirectUri(),
        new ImplicitGrantEnabled(),
        new TenantNoAppManagementPolicy(),
        new TenantUsersCanRegisterApps(),
        new TenantUserConsentAllowed(),
        new ManifestDrift());
  }
}
