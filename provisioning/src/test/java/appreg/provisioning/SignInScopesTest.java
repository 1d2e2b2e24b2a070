package appreg.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.profile.Profiles;
import appreg.provisioning.manifest.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** The delegated scopes each command asks for, per built-in profile: reads for plan, writes only where the manifest leads. */
class SignInScopesTest {
  private static Manifest profile(String name) {
    var p = Profiles.get(name);
    return new Manifest("profile " + name, List.of(p.application(name, p.defaultDisplayName())));
  }

  @Test
  void partnerReferralsPlanReadsAndApplyWritesRegistrationsAndDelegatedConsent() {
    Manifest m = profile("partner-referrals");
    assertEquals(List.of("User.Read", "Application.Read.All", "DelegatedPermissionGrant.Read.All", "Policy.Read.All"),
        SignInScopes.plan(m));
    assertEquals(List.of("User.Read", "Policy.Read.All", "Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All"),
        SignInScopes.apply(m));
  }

  @Test
  void applicationPermissionsAndDirectoryRolesAddTheirScopes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, """
        applications:
          - key: reporting
            displayName: Reporting
            permissions:
              - api: Microsoft Graph
                application: [AuditLog.Read.All]
            directoryRoles:
              - role: Security Reader
                assignee: admin@contoso.onmicrosoft.com
        """);
    Manifest m = ManifestReader.read(file);
    assertEquals(List.of("User.Read", "Application.Read.All", "DelegatedPermissionGrant.Read.All",
        "RoleManagement.Read.Directory", "User.Read.All"), SignInScopes.plan(m));
    List<String> apply = SignInScopes.apply(m);
    assertEquals(List.of("User.Read", "DelegatedPermissionGrant.Read.All", "User.Read.All", "Application.ReadWrite.All",
        "AppRoleAssignment.ReadWrite.All", "RoleManagement.ReadWrite.Directory"), apply);
    assertTrue(apply.stream().noneMatch(s -> s.equals("RoleManagement.Read.Directory") || s.equals("Application.Read.All")),
        "a ReadWrite scope covers its Read scope: " + apply);
  }

  @Test
  void readingCommandsNeverAskForAScopeThatWrites() {
    for (String name : List.of("partner-referrals", "partner-insights", "entra-reporting")) {
      assertTrue(SignInScopes.plan(profile(name)).stream().noneMatch(s -> s.contains("ReadWrite")), name);
    }
    assertTrue(SignInScopes.audit().stream().noneMatch(s -> s.contains("ReadWrite")));
    assertTrue(SignInScopes.audit().stream().noneMatch(s -> s.contains(".default")));
  }
}
