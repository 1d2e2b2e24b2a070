package appreg.provisioning.audit;

import static appreg.provisioning.audit.TenantFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.audit.rules.*;
import appreg.provisioning.sandbox.SampleCertificates;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.WellKnown;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each rule over a small tenant: one case where it fires (with what a user reads) and one where it stays quiet. */
class RulesTest {
  private static final AppId GRAPH = WellKnown.MICROSOFT_GRAPH;

  private static <T> T only(List<T> items) {
    assertEquals(1, items.size(), () -> "expected one, got " + items);
    return items.get(0);
  }

  private static void quiet(List<Finding> findings) {
    assertEquals(List.of(), findings);
  }

  @Nested class CredentialExpiredRule {
    @Test void firesOnASecretPastItsEnd() {
      var t = withApis();
      t.app("Payroll", secret("old", days(-400), days(-5)), secret("current", days(-5), days(170)));
      Finding f = only(t.run(new CredentialExpired()));
      assertEquals("credential-expired", f.rule());
      assertEquals(Severity.MEDIUM, f.severity());
      assertEquals("Payroll", f.subject().displayName());
      assertTrue(f.evidence().startsWith("secret 'old' (keyId "), f.evidence());
      assertTrue(f.evidence().endsWith("expired on 2026-02-24"), f.evidence());
      assertEquals("2026-02-24T12:00:00Z", f.details().get("endDateTime"));
    }

    @Test void quietForValidAndNeverExpiringCredentials() {
      var t = withApis();
      t.app("Payroll", secret("current", days(-5), days(170)), certificate("forever", days(-5), null));
      quiet(t.run(new CredentialExpired()));
    }
  }

  @Nested class CredentialExpiringRule {
    @Test void highWhenTheLastValidCredentialRunsOut() {
      var t = withApis();
      t.app("Billing", secret("only", days(-100), days(10)));
      Finding f = only(t.run(new CredentialExpiring()));
      assertEquals(Severity.HIGH, f.severity());
      assertTrue(f.evidence().contains("expires on 2026-03-11 (in 10 days); no other valid credential outlives it"), f.evidence());
      assertEquals("10", f.details().get("daysLeft"));
    }

    @Test void mediumWhenANewerCredentialOutlivesIt() {
      var t = withApis();
      t.app("Billing", secret("old", days(-100), days(10)), secret("new", days(-1), days(179)));
      assertEquals(Severity.MEDIUM, only(t.run(new CredentialExpiring())).severity());
    }

    @Test void quietBeyondThirtyDaysAndForExpiredOnes() {
      var t = withApis();
      t.app("Billing", secret("later", days(-1), days(31)), secret("gone", days(-100), days(-1)));
      quiet(t.run(new CredentialExpiring()));
    }
  }

  @Nested class SecretLifetimeRule {
    @Test void firesOnATwoYearSecret() {
      var t = withApis();
      t.app("Legacy", secret("two-years", days(-10), days(720)));
      Finding f = only(t.run(new SecretLifetimeTooLong()));
      assertEquals("730", f.details().get("lifetimeDays"));
      assertTrue(f.evidence().contains("is valid for 730 days"), f.evidence());
    }

    @Test void quietAtExactly180Days() {
      var t = withApis();
      t.app("Modern", secret("half-year", days(-10), days(170)));
      quiet(t.run(new SecretLifetimeTooLong()));
    }

    @Test void quietWhenTheIssuersClockRanAheadBySeconds() {
      var t = withApis();
      t.app("Fresh", secret("appreg", days(0), days(180).plusSeconds(7)));
      quiet(t.run(new SecretLifetimeTooLong()));
      var longer = withApis();
      longer.app("Longer", secret("appreg", days(0), days(181)));
      assertEquals("181", only(longer.run(new SecretLifetimeTooLong())).details().get("lifetimeDays"));
    }
  }

  @Nested class CertificateLifetimeRule {
    @Test void firesOnAThreeYearCertificate() {
      var t = withApis();
      t.app("Daemon", certificate("cert", days(-10), days(1085)));
      assertEquals("1095", only(t.run(new CertificateLifetimeTooLong())).details().get("lifetimeDays"));
    }

    @Test void quietForAOneYearCertificate() {
      var t = withApis();
      t.app("Daemon", certificate("cert", days(-10), days(355)));
      quiet(t.run(new CertificateLifetimeTooLong()));
    }
  }

  @Nested class CertificateWeakKeyRule {
    @Test void highForAnRsaKeyUnder2048Bits() {
      var t = withApis();
      t.app("Daemon", certificateRead("CN=daemon", SampleCertificates.RSA_1024, days(-10), days(170)));
      Finding f = only(t.run(new CertificateWeakKey()));
      assertEquals("certificate-weak-key", f.rule());
      assertEquals(Severity.HIGH, f.severity());
      String thumbprint = f.details().get("thumbprint");
      assertEquals(40, thumbprint.length());
      assertEquals("certificate 'CN=daemon' (keyId " + keyId("DaemonCN=daemon") + ", thumbprint " + thumbprint
          + "): RSA 1024-bit key, below 2048", f.evidence());
      assertEquals("RSA", f.details().get("keyAlgorithm"));
      assertEquals("1024", f.details().get("keySize"));
      assertEquals("SHA256withRSA", f.details().get("signatureAlgorithm"));
      assertEquals("CN=appreg sample RSA 1024", f.details().get("subject"));
    }

    @Test void mediumForSha1AndMd5SignaturesAndACurveUnderP256() {
      var t = withApis();
      t.app("Sha1", certificateRead("old", SampleCertificates.SHA1_SIGNED, days(-10), days(170)));
      t.app("Md5", certificateRead("older", SampleCertificates.MD5_SIGNED, days(-10), days(170)));
      t.app("Curve", certificateRead("small", SampleCertificates.EC_P224, days(-10), days(170)));
      var findings = t.run(new CertificateWeakKey());
      assertEquals(3, findings.size(), findings::toString);
      for (Finding f : findings) assertEquals(Severity.MEDIUM, f.severity(), f::toString);
      assertTrue(findings.get(0).evidence().endsWith("): EC P-224 key, below P-256"), findings.get(0).evidence());
      assertTrue(findings.get(1).evidence().endsWith("): signed with MD5withRSA (MD5)"), findings.get(1).evidence());
      assertTrue(findings.get(2).evidence().endsWith("): signed with SHA1withRSA (SHA-1)"), findings.get(2).evidence());
    }

    @Test void quietForRsa2048AndP256AndForWeakCertificatesThatExpired() {
      var t = withApis();
      t.app("Daemon", certificateRead("rsa", SampleCertificates.RSA_2048, days(-10), days(170)),
          certificateRead("ec", SampleCertificates.EC_P256, days(-10), days(170)),
          certificateRead("gone", SampleCertificates.RSA_1024, days(-400), days(-35)));
      quiet(t.run(new CertificateWeakKey()));
      AuditReport report = new Auditor(List.of(new CertificateWeakKey())).audit(t.tenant(), Intent.NONE, NOW);
      assertEquals(List.of(), report.notEvaluated(), "every certificate was read");
    }

    @Test void judgesTheCertificatesReadAndReportsTheRestOnceAsNotEvaluated() {
      var t = withApis();
      t.app("Read", certificateRead("weak", SampleCertificates.RSA_1024, days(-10), days(170)));
      t.app("Listed A", certificate("cert", days(-10), days(170)));  // a listing's answer: no certificate bytes
      t.app("Listed B", certificate("cert", days(-10), days(170)));
      t.app("Secret only", secret("s", days(-10), days(170)));
      AuditReport report = new Auditor(List.of(new CertificateWeakKey())).audit(t.tenant(), Intent.NONE, NOW);
      assertEquals("Read", only(report.findings()).subject().displayName());
      NotEvaluated n = only(report.notEvaluated());
      assertEquals("certificate-weak-key", n.rule());
      assertEquals("not evaluated for some registrations: the certificates of registrations could not be read (Graph "
          + "returns a certificate only to a read of one registration, and 2 of 3 registrations holding one were not "
          + "read so (live, 'audit -f MANIFEST' reads those the manifest declares and '--certificate-keys' every one; "
          + "a snapshot holds none))", n.reason());
      var unread = only(report.unread().stream().filter(u -> u.part() == TenantPart.CERTIFICATES).toList());
      assertEquals(0, unread.status(), "nothing was refused");
      assertEquals(List.of(unread), n.because());
    }
  }

  @Nested class UsesClientSecretRule {
    @Test void firesWhenASecretIsValid() {
      var t = withApis();
      t.app("Web", secret("s", days(-1), days(100)));
      Finding f = only(t.run(new UsesClientSecret()));
      String entry = "{key: web, appId: " + appId("Web").value() + ", certificate: {generate: {}}}";
      assertEquals("1 unexpired client secret; the manifest entry " + entry
          + " replaces it with a certificate (a federated credential: see the fix)", f.evidence());
      assertEquals(entry, f.details().get("manifestEntry"));
    }

    /** What the finding suggests is a manifest appreg accepts, as it is, for both ways off the secret. */
    @Test void suggestsManifestEntriesThatParse() {
      var t = withApis();
      t.app("Partner Portal (prod)", secret("s", days(-1), days(100)));
      String entry = only(t.run(new UsesClientSecret())).details().get("manifestEntry");
      var app = appreg.provisioning.manifest.ManifestReader.parse("applications:\n  - " + entry + "\n", "suggested.yaml")
          .applications().get(0);
      assertEquals("partner-portal-prod", app.key());
      assertEquals(appId("Partner Portal (prod)"), app.appId());
      assertTrue(app.certificate() != null && app.certificate().generate() != null, app::toString);

      String fix = new UsesClientSecret().description().fix();
      String fic = fix.substring(fix.indexOf("federatedCredentials: ["), fix.indexOf("}}]") + 3);
      var declared = appreg.provisioning.manifest.ManifestReader.parse(
          "applications:\n  - {key: web, displayName: Web, " + fic + "}\n", "suggested.yaml").applications().get(0);
      assertEquals("repo:OWNER/REPO:environment:production", declared.federatedCredentials().get(0).subject());
    }

    @Test void aKeyMadeFromANameIsOneTheManifestAccepts() {
      assertEquals("app", UsesClientSecret.keyFrom("  ***  "));
      assertEquals("ber-app", UsesClientSecret.keyFrom("Über App"));
      assertEquals("payroll-v2", UsesClientSecret.keyFrom("Payroll v2."));
    }

    @Test void quietForCertificateOnlyApps() {
      var t = withApis();
      t.app("Daemon", certificate("c", days(-1), days(100)), secret("dead", days(-300), days(-1)));
      quiet(t.run(new UsesClientSecret()));
    }
  }

  @Nested class FederatedCredentialBroadSubjectRule {
    @Test void firesOnEveryPullRequestOfARepository() {
      var t = withApis();
      t.app("Deployer", federated("pr-checks", GITHUB, "repo:contoso/payroll:pull_request"));
      Finding f = only(t.run(new FederatedCredentialBroadSubject()));
      assertEquals("federated-credential-broad-subject", f.rule());
      assertEquals(Severity.MEDIUM, f.severity());
      assertEquals("federated credential 'pr-checks' (issuer https://token.actions.githubusercontent.com, subject "
          + "repo:contoso/payroll:pull_request) trusts every pull request of contoso/payroll", f.evidence());
      assertEquals("repo:contoso/payroll:pull_request", f.details().get("subject"));
    }

    @Test void firesOnASubjectCustomisedToTheOwnerAlone() {
      var t = withApis();
      t.app("Deployer", federated("org", GITHUB + "/contoso-enterprise", "repository_owner:contoso"));
      assertTrue(only(t.run(new FederatedCredentialBroadSubject())).evidence()
          .endsWith("trusts every workflow, branch, tag and pull request of repository_owner contoso"));
    }

    @Test void lowForAWildcardEntraReadsLiterally() {
      var t = withApis();
      t.app("Deployer", federated("branches", GITHUB, "repo:contoso/payroll:ref:refs/heads/*"));
      Finding f = only(t.run(new FederatedCredentialBroadSubject()));
      assertEquals(Severity.LOW, f.severity());
      assertTrue(f.evidence().contains("which Entra compares literally: it matches no token"), f.evidence());
    }

    @Test void quietForAnEnvironmentABranchATagAndOtherIssuers() {
      var t = withApis();
      t.app("Deployer", federated("env", GITHUB, "repo:contoso/payroll:environment:production"),
          federated("main", GITHUB, "repo:contoso/payroll:ref:refs/heads/main"),
          federated("tag", GITHUB, "repo:contoso/payroll:ref:refs/tags/v1"),
          federated("aks", "https://eastus.oic.prod-aks.azure.com/t/c/", "system:serviceaccount:payroll:worker"),
          federated("other", "https://idp.contoso.com", "repo:contoso/payroll:pull_request"));
      quiet(t.run(new FederatedCredentialBroadSubject()));
    }
  }

  @Nested class FederatedCredentialInsecureIssuerRule {
    @Test void firesOnAPlainHttpIssuer() {
      var t = withApis();
      t.app("Worker", federated("idp", "http://idp.contoso.com", "worker"));
      Finding f = only(t.run(new FederatedCredentialInsecureIssuer()));
      assertEquals(Severity.HIGH, f.severity());
      assertEquals("federated credential 'idp' (issuer http://idp.contoso.com, subject worker): the issuer is not an https URL",
          f.evidence());
    }

    @Test void firesOnAnIssuerThatIsNoUrl() {
      var t = withApis();
      t.app("Worker", federated("idp", "idp.contoso.com", "worker"));
      only(t.run(new FederatedCredentialInsecureIssuer()));
    }

    @Test void quietForHttpsIssuers() {
      var t = withApis();
      t.app("Worker", federated("gh", GITHUB, "repo:contoso/payroll:environment:production"),
          federated("idp", "HTTPS://idp.contoso.com/tenant/", "worker"));
      quiet(t.run(new FederatedCredentialInsecureIssuer()));
    }
  }

  @Nested class FederatedCredentialSharedSubjectRule {
    @Test void firesOnEachRegistrationTrustingTheSameWorkload() {
      var t = withApis();
      t.app("Payroll API", federated("deploy", GITHUB, "repo:contoso/infra:environment:production"));
      t.app("Payroll Web", federated("deploy-web", GITHUB, "repo:contoso/infra:environment:production"));
      var findings = t.run(new FederatedCredentialSharedSubject());
      assertEquals(2, findings.size(), findings::toString);
      Finding api = findings.get(0);
      assertEquals(Severity.LOW, api.severity());
      assertEquals("Payroll API", api.subject().displayName());
      assertTrue(api.evidence().endsWith("is also trusted by Payroll Web (" + appId("Payroll Web") + ") ('deploy-web')"),
          api.evidence());
      assertEquals("2", api.details().get("credentials"));
    }

    @Test void quietWhenSubjectsOrIssuersDiffer() {
      var t = withApis();
      t.app("Payroll API", federated("deploy", GITHUB, "repo:contoso/infra:environment:production"));
      t.app("Payroll Web", federated("deploy", GITHUB, "repo:contoso/infra:environment:staging"),
          federated("other", "https://idp.contoso.com", "repo:contoso/infra:environment:production"));
      quiet(t.run(new FederatedCredentialSharedSubject()));
    }
  }

  @Nested class TooManyActiveSecretsRule {
    @Test void firesOnThreeLiveSecrets() {
      var t = withApis();
      t.app("Web", secret("a", days(-1), days(10)), secret("b", days(-1), days(50)), secret("c", days(-1), days(90)));
      assertEquals("3", only(t.run(new TooManyActiveSecrets())).details().get("secrets"));
    }

    @Test void quietWithOneRotationOverlap() {
      var t = withApis();
      t.app("Web", secret("a", days(-1), days(10)), secret("b", days(-1), days(50)), secret("expired", days(-100), days(-1)));
      quiet(t.run(new TooManyActiveSecrets()));
    }
  }

  @Nested class PublicClientRule {
    @Test void firesOnAFallbackPublicClientWithASecret() {
      var t = withApis();
      t.app("CLI tool", publicClient(true, "http://localhost"), secret("s", days(-1), days(10)));
      assertTrue(only(t.run(new PublicClientWithCredentials())).evidence().startsWith("isFallbackPublicClient is true"));
    }

    @Test void quietForAPublicClientWithoutCredentials() {
      var t = withApis();
      t.app("CLI tool", publicClient(true, "http://localhost"));
      t.app("Web", webRedirects("https://app.contoso.com"), secret("s", days(-1), days(10)));
      quiet(t.run(new PublicClientWithCredentials()));
    }
  }

  @Nested class NoOwnersRule {
    @Test void firesWhenTheOwnerListIsKnownEmpty() {
      var t = withApis();
      t.ownerless(t.app("Orphan"));
      assertEquals("Orphan", only(t.run(new NoOwners())).subject().displayName());
    }

    @Test void quietWhenOwnedOrOwnersNotRead() {
      var t = withApis();
      t.app("Owned");
      t.ownersUnknown(t.app("Bulk-read"));
      quiet(t.run(new NoOwners()));
    }
  }

  @Nested class MultiTenantAudienceRule {
    @Test void mediumForAnUndeclaredMultiTenantApp() {
      var t = withApis();
      t.app("SaaS", audience("AzureADMultipleOrgs", true));
      Finding f = only(t.run(new MultiTenantAudience()));
      assertEquals(Severity.MEDIUM, f.severity());
      assertEquals("signInAudience is AzureADMultipleOrgs", f.evidence());
    }

    @Test void infoWhenTheManifestDeclaresIt() {
      var t = withApis();
      t.app("SaaS", audience("AzureADMultipleOrgs", true), uniqueName("saas"));
      Intent intent = () -> List.of(intended("saas", "SaaS", "AzureADMultipleOrgs", List.of()));
      assertEquals(Severity.INFO, only(t.run(new MultiTenantAudience(), intent)).severity());
    }

    @Test void quietForSingleTenant() {
      var t = withApis();
      t.app("Internal");
      quiet(t.run(new MultiTenantAudience()));
    }
  }

  @Nested class InstanceLockRule {
    @Test void firesOnMultiTenantWithoutLock() {
      var t = withApis();
      t.app("SaaS", audience("AzureADMultipleOrgs", false));
      assertEquals(Severity.HIGH, only(t.run(new MultiTenantNoInstanceLock())).severity());
    }

    @Test void quietWhenLockedOrSingleTenant() {
      var t = withApis();
      t.app("SaaS", audience("AzureADMultipleOrgs", true));
      t.app("Internal", audience("AzureADMyOrg", false));
      quiet(t.run(new MultiTenantNoInstanceLock()));
    }
  }

  @Nested class HighPrivilegeRules {
    @Test void directFiresOnRoleManagementReadWriteDirectory() {
      var t = withApis();
      Registration r = t.app("Automation", requests(GRAPH, PermissionType.ROLE, ROLE_MANAGEMENT_RW));
      t.assign(r, GRAPH, ROLE_MANAGEMENT_RW);
      Finding f = only(t.run(new HighPrivilegeAppPermissionDirect()));
      assertEquals("holds application permission Microsoft Graph RoleManagement.ReadWrite.Directory", f.evidence());
      quiet(t.run(new HighPrivilegeAppPermissionIndirect()));
    }

    @Test void indirectFiresOnApplicationReadWriteAll() {
      var t = withApis();
      t.assign(t.app("Provisioner"), GRAPH, APPLICATION_RW_ALL);
      assertEquals("Application.ReadWrite.All", only(t.run(new HighPrivilegeAppPermissionIndirect())).details().get("permissions"));
    }

    @Test void quietForReadPermissions() {
      var t = withApis();
      Registration r = t.app("Reporting");
      t.assign(r, GRAPH, AUDIT_LOG_READ_ALL);
      t.grant(r, GRAPH, "User.Read");
      quiet(t.run(new HighPrivilegeAppPermissionDirect()));
      quiet(t.run(new HighPrivilegeAppPermissionIndirect()));
      quiet(t.run(new HighPrivilegeDelegatedAllUsers()));
    }

    @Test void delegatedFiresOnlyForAdminConsent() {
      var t = withApis();
      t.grant(t.app("Admin portal"), GRAPH, "User.Read", "Directory.AccessAsUser.All");
      t.userGrant(t.app("Personal tool"), GRAPH, "alice", "Directory.AccessAsUser.All");
      Finding f = only(t.run(new HighPrivilegeDelegatedAllUsers()));
      assertEquals("Admin portal", f.subject().displayName());
      assertEquals("Directory.AccessAsUser.All", f.details().get("permissions"));
    }
  }

  @Nested class PrivilegedDirectoryRoleRule {
    @Test void firesOnGlobalAdministrator() {
      var t = withApis();
      t.directoryRole(t.app("Break glass bot"), "62e90394-69f5-4237-9190-012177145e10");
      assertEquals("holds directory role Global Administrator at scope /", only(t.run(new PrivilegedDirectoryRole())).evidence());
    }

    @Test void quietForReaderRoles() {
      var t = withApis();
      t.directoryRole(t.app("Reporter"), "5d6b6bb7-de71-4623-b4af-96380a352509");
      quiet(t.run(new PrivilegedDirectoryRole()));
    }
  }

  @Nested class PermissionNotConsentedRule {
    @Test void firesForARequestedRoleWithoutAssignment() {
      var t = withApis();
      t.app("Reporting", requests(GRAPH, PermissionType.ROLE, AUDIT_LOG_READ_ALL));
      Finding f = only(t.run(new PermissionNotConsented()));
      assertEquals("Microsoft Graph: AuditLog.Read.All (application) requested but not consented", f.evidence());
    }

    @Test void quietWhenConsentedByAssignmentOrGrant() {
      var t = withApis();
      Registration r = t.app("Reporting", requests(GRAPH, PermissionType.ROLE, AUDIT_LOG_READ_ALL),
          requests(WellKnown.MICROSOFT_PARTNER, PermissionType.SCOPE, PARTNER_USER_IMPERSONATION));
      t.assign(r, GRAPH, AUDIT_LOG_READ_ALL);
      t.grant(r, WellKnown.MICROSOFT_PARTNER, "user_impersonation");
      quiet(t.run(new PermissionNotConsented()));
    }
  }

  @Nested class ConsentBeyondRequestedRule {
    @Test void highWhenTheExtraPermissionIsPrivileged() {
      var t = withApis();
      Registration r = t.app("Reporting", requests(GRAPH, PermissionType.ROLE, AUDIT_LOG_READ_ALL));
      t.assign(r, GRAPH, AUDIT_LOG_READ_ALL);
      t.assign(r, GRAPH, APPLICATION_RW_ALL);
      Finding f = only(t.run(new ConsentBeyondRequested()));
      assertEquals(Severity.HIGH, f.severity());
      assertEquals("Microsoft Graph: Application.ReadWrite.All (application) consented but not in requiredResourceAccess", f.evidence());
    }

    @Test void mediumForAnOrdinaryExtraScope() {
      var t = withApis();
      t.grant(t.app("Portal"), GRAPH, "User.Read", "openid");
      Finding f = only(t.run(new ConsentBeyondRequested()));
      assertEquals(Severity.MEDIUM, f.severity());
      assertEquals("User.Read (delegated)", f.details().get("permissions"));
    }

    @Test void judgedAgainstTheManifestWhenOneIsGiven() {
      var t = withApis();
      Registration r = t.app("Referrals", uniqueName("partner-referrals"),
          requests(WellKnown.MICROSOFT_PARTNER, PermissionType.SCOPE, PARTNER_USER_IMPERSONATION),
          requests(GRAPH, PermissionType.SCOPE, USER_READ_SCOPE));
      t.grant(r, WellKnown.MICROSOFT_PARTNER, "user_impersonation");
      t.grant(r, GRAPH, "User.Read");
      quiet(t.run(new ConsentBeyondRequested()));
      Intent intent = () -> List.of(intended("partner-referrals", "Referrals", null,
          List.of(new IntendedRegistration.Permission(WellKnown.MICROSOFT_PARTNER.value(), PermissionType.SCOPE, "user_impersonation"))));
      Finding f = only(t.run(new ConsentBeyondRequested(), intent));
      assertEquals("Microsoft Graph: User.Read (delegated) consented but not in the manifest", f.evidence());
    }

    @Test void quietForSingleUserGrants() {
      var t = withApis();
      t.userGrant(t.app("Portal"), GRAPH, "bob", "User.Read");
      quiet(t.run(new ConsentBeyondRequested()));
    }
  }

  @Nested class ServicePrincipalMissingRule {
    @Test void firesWithoutServicePrincipal() {
      var t = withApis();
      t.withoutServicePrincipal(t.app("Half done"));
      assertEquals("Half done", only(t.run(new ServicePrincipalMissing())).subject().displayName());
    }

    @Test void quietWithServicePrincipal() {
      var t = withApis();
      t.app("Complete");
      quiet(t.run(new ServicePrincipalMissing()));
    }
  }

  @Nested class PartnerApiAccessRule {
    @Test void mediumForPartnerAccessWithASecret() {
      var t = withApis();
      Registration r = t.app("Referrals", requests(WellKnown.MICROSOFT_PARTNER, PermissionType.SCOPE, PARTNER_USER_IMPERSONATION),
          secret("appreg", days(-1), days(100)));
      t.grant(r, WellKnown.MICROSOFT_PARTNER, "user_impersonation");
      Finding f = only(t.run(new PartnerApiAccess()));
      assertEquals(Severity.MEDIUM, f.severity());
      assertEquals("consented and requested: Microsoft Partner (4990cffe-04e8-4e8b-808a-1175604b879f); signs in with a client secret", f.evidence());
    }

    @Test void infoWhenTheManifestDeclaresThePartnerApiAndTheSecret() {
      var t = withApis();
      Registration r = t.app("Referrals", uniqueName("partner-referrals"),
          requests(WellKnown.MICROSOFT_PARTNER, PermissionType.SCOPE, PARTNER_USER_IMPERSONATION),
          secret("appreg", days(-1), days(100)));
      t.grant(r, WellKnown.MICROSOFT_PARTNER, "user_impersonation");
      List<IntendedRegistration.Permission> partner = List.of(new IntendedRegistration.Permission(
          "4990cffe-04e8-4e8b-808a-1175604b879f", PermissionType.SCOPE, "user_impersonation"));
      Intent declared = () -> List.of(intended("partner-referrals", "Referrals", null, partner));
      Finding f = only(t.run(new PartnerApiAccess(), declared));
      assertEquals(Severity.INFO, f.severity());
      assertEquals("consented and requested: Microsoft Partner (4990cffe-04e8-4e8b-808a-1175604b879f); signs in with a "
          + "client secret (as the manifest declares)", f.evidence());
      assertEquals("true", f.details().get("declaredInManifest"));

      Intent noSecret = () -> List.of(new IntendedRegistration("partner-referrals", "Referrals", null, null, null, null,
          null, partner, true, false, "appreg.yaml", 3));
      assertEquals(Severity.MEDIUM, only(t.run(new PartnerApiAccess(), noSecret)).severity(),
          "a secret the manifest does not ask for is still worth a look");
      Intent otherApi = () -> List.of(intended("partner-referrals", "Referrals", null, List.of()));
      assertEquals(Severity.MEDIUM, only(t.run(new PartnerApiAccess(), otherApi)).severity(),
          "partner access the manifest does not ask for");
    }

    @Test void infoForPartnerCenterWithoutSecret() {
      var t = withApis();
      t.app("PC portal", requests(WellKnown.PARTNER_CENTER, PermissionType.SCOPE, PARTNER_CENTER_USER_IMPERSONATION));
      Finding f = only(t.run(new PartnerApiAccess()));
      assertEquals(Severity.INFO, f.severity());
      assertTrue(f.evidence().contains("Microsoft Partner Center (fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd)"));
    }

    @Test void quietForGraphOnlyApps() {
      var t = withApis();
      t.app("Reporting", requests(GRAPH, PermissionType.ROLE, AUDIT_LOG_READ_ALL));
      quiet(t.run(new PartnerApiAccess()));
    }
  }

  @Nested class AzureAdGraphRule {
    @Test void firesWhenStillRequested() {
      var t = withApis();
      t.app("Old portal", requests(WellKnown.AZURE_AD_GRAPH, PermissionType.SCOPE, AAD_GRAPH_USER_READ));
      assertEquals("requested: Windows Azure Active Directory (00000002-0000-0000-c000-000000000000)",
          only(t.run(new AzureAdGraphRequested())).evidence());
    }

    @Test void quietForMicrosoftGraph() {
      var t = withApis();
      t.app("New portal", requests(GRAPH, PermissionType.SCOPE, USER_READ_SCOPE));
      quiet(t.run(new AzureAdGraphRequested()));
    }
  }

  @Nested class InsecureRedirectUriRule {
    @Test void firesOnPlainHttpWildcardAndUrn() {
      var t = withApis();
      t.app("Web", webRedirects("http://app.contoso.com/cb", "https://*.contoso.com", "urn:ietf:wg:oauth:2.0:oob", "https://ok.contoso.com"));
      Finding f = only(t.run(new InsecureRedirectUri()));
      assertEquals("http://app.contoso.com/cb (plain http), https://*.contoso.com (wildcard), urn:ietf:wg:oauth:2.0:oob (URN)", f.evidence());
    }

    @Test void quietForHttpsAndLoopback() {
      var t = withApis();
      t.app("Web", webRedirects("https://app.contoso.com/cb", "http://localhost:8400", "http://127.0.0.1/cb"));
      quiet(t.run(new InsecureRedirectUri()));
    }
  }

  @Nested class ImplicitGrantRule {
    @Test void firesOnImplicitAccessTokens() {
      var t = withApis();
      t.app("SPA", implicitAccessTokens());
      assertEquals("SPA", only(t.run(new ImplicitGrantEnabled())).subject().displayName());
    }

    @Test void quietByDefault() {
      var t = withApis();
      t.app("SPA");
      quiet(t.run(new ImplicitGrantEnabled()));
    }
  }

  @Nested class TenantPolicyRules {
    @Test void appManagementPolicyDisabledFires() {
      var t = withApis();
      t.policies(map("isEnabled", false), null);
      Finding f = only(t.run(new TenantNoAppManagementPolicy()));
      assertEquals(Subject.Kind.TENANT, f.subject().kind());
      assertEquals("the default app management policy is not enabled", f.evidence());
    }

    @Test void appManagementPolicyWithLifetimeIsQuietAndUnreadableIsSilent() {
      var t = withApis();
      t.policies(map("isEnabled", true, "applicationRestrictions", map("passwordCredentials",
          List.of(map("restrictionType", "passwordLifetime", "state", "enabled", "maxLifetime", "P181D")))), null);
      quiet(t.run(new TenantNoAppManagementPolicy()));
      quiet(withApis().run(new TenantNoAppManagementPolicy()));
    }

    @Test void usersCanRegisterAppsFires() {
      var t = withApis();
      t.policies(null, map("defaultUserRolePermissions", map("allowedToCreateApps", true)));
      assertEquals("tenant-users-can-register-apps", only(t.run(new TenantUsersCanRegisterApps())).rule());
    }

    @Test void usersCannotRegisterAppsIsQuiet() {
      var t = withApis();
      t.policies(null, map("defaultUserRolePermissions", map("allowedToCreateApps", false)));
      quiet(t.run(new TenantUsersCanRegisterApps()));
    }

    @Test void userConsentFires() {
      var t = withApis();
      t.policies(null, map("defaultUserRolePermissions", map("permissionGrantPoliciesAssigned",
          List.of("ManagePermissionGrantsForSelf.microsoft-user-default-low", "ManagePermissionGrantsForOwnedResource.x"))));
      assertEquals("users may consent under ManagePermissionGrantsForSelf.microsoft-user-default-low",
          only(t.run(new TenantUserConsentAllowed())).evidence());
    }

    @Test void noUserConsentIsQuiet() {
      var t = withApis();
      t.policies(null, map("defaultUserRolePermissions", map("permissionGrantPoliciesAssigned", List.of())));
      quiet(t.run(new TenantUserConsentAllowed()));
    }
  }

  @Nested class ManifestDriftRule {
    @Test void firesOnChangedAudienceAndMissingPermission() {
      var t = withApis();
      t.app("Referrals", uniqueName("partner-referrals"), audience("AzureADMultipleOrgs", true));
      Intent intent = () -> List.of(intended("partner-referrals", "Referrals", null,
          List.of(new IntendedRegistration.Permission("Microsoft Partner", PermissionType.SCOPE, "user_impersonation"))));
      Finding f = only(t.run(new ManifestDrift(), intent));
      assertEquals("signInAudience: AzureADMultipleOrgs, manifest AzureADMyOrg; permissionsMissing: Microsoft Partner user_impersonation (delegated)",
          f.evidence());
      assertEquals("partner-referrals", f.subject().key());
    }

    @Test void firesOnADeclaredRegistrationMissingFromTheTenant() {
      Intent intent = () -> List.of(intended("reporting", "Reporting", null, List.of()));
      Finding f = only(withApis().run(new ManifestDrift(), intent));
      assertEquals(Subject.Kind.MANIFEST, f.subject().kind());
    }

    @Test void quietWhenTheRegistrationMatchesOrWithoutManifest() {
      var t = withApis();
      t.app("Referrals", uniqueName("partner-referrals"),
          requests(WellKnown.MICROSOFT_PARTNER, PermissionType.SCOPE, PARTNER_USER_IMPERSONATION));
      Intent intent = () -> List.of(intended("partner-referrals", "Referrals", null,
          List.of(new IntendedRegistration.Permission("4990cffe-04e8-4e8b-808a-1175604b879f", PermissionType.SCOPE, "user_impersonation"))));
      quiet(t.run(new ManifestDrift(), intent));
      quiet(t.run(new ManifestDrift()));
    }
  }

  static IntendedRegistration intended(String key, String name, String audience, List<IntendedRegistration.Permission> perms) {
    return new IntendedRegistration(key, name, audience, null, null, null, null, perms, true, true, "appreg.yaml", 3);
  }

  @Test
  void everyRuleHasAStableKebabCaseIdAndFullDocumentation() {
    var ids = new java.util.HashSet<String>();
    for (var rule : Rules.all()) {
      var d = rule.description();
      assertTrue(d.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), d.id());
      assertTrue(ids.add(d.id()), "duplicate id " + d.id());
      for (String text : List.of(d.title(), d.rationale(), d.fix(), d.source())) assertTrue(!text.isBlank(), d.id());
    }
    assertEquals(29, ids.size());
  }
}
