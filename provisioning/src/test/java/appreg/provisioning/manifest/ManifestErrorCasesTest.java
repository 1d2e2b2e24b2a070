package appreg.provisioning.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import appreg.provisioning.ManifestException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest rule of docs/manifest.md, one bad manifest each: the reader must stop with exactly the message a
 * person sees (file:line:column: problem).
 */
class ManifestErrorCasesTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // --- syntax (B1) ---
        bad("tab in indentation", """
            applications:
              - key: a
            \tdisplayName: A
            """, "3:1: a tab character is used for indentation; YAML indents with spaces only"),
        bad("unclosed bracket", """
            applications:
              - key: a
                displayName: A
                web:
                  redirectUris: [https://localhost
                adminConsent: true
            """, "6:17: unclosed '[' (opened at line 5, column 21): expected ',' or ']', but found ':'"),
        bad("broken indentation", """
            applications:
              - key: a
                displayName: A
               adminConsent: true
            """, "4:4: broken indentation: this line is indented differently from the block it belongs to (which starts at line 2, column 3); line it up with the lines above"),
        bad("two documents", """
            applications:
              - key: a
                displayName: A
            ---
            applications: []
            """, "5:1: a second YAML document ('---') follows; a manifest is one document"),
        // --- structure (B2) ---
        bad("empty file", "", "1:1: the manifest is empty; it needs 'applications:' with at least one application (appreg init --profile NAME prints one)"),
        bad("only a comment", "# nothing here\n", "1:1: the manifest is empty; it needs 'applications:' with at least one application (appreg init --profile NAME prints one)"),
        bad("top is a list", "- key: a\n", "1:1: a manifest is a mapping with 'applications' at the top, not a list"),
        bad("no applications", "apps: []\n", "1:1: unknown field 'apps' at the top level; known fields: $schema, applications"),
        bad("applications missing", "$schema: x\n", "1:1: no 'applications'; a manifest lists at least one application"),
        bad("applications null", "applications:\n", "1:14: no 'applications'; a manifest lists at least one application"),
        bad("applications empty", "applications: []\n", "1:15: 'applications' is empty; list at least one application"),
        bad("applications a mapping", "applications:\n  key: a\n", "2:3: 'applications' must be a list, not a mapping"),
        bad("unknown field with suggestion", """
            applications:
              - key: a
                displayName: A
                web:
                  redirectUri: [https://localhost]
            """, "5:7: unknown field 'redirectUri' in web; did you mean 'redirectUris'?"),
        bad("unknown field in wrong place", """
            applications:
              - key: a
                displayName: A
                redirectUris: [https://localhost]
            """, "4:5: unknown field 'redirectUris' in an application; 'redirectUris' belongs in web"),
        bad("unknown field without suggestion", """
            applications:
              - key: a
                displayName: A
                colour: blue
            """, "4:5: unknown field 'colour' in an application; known fields: key, displayName, signInAudience, appId, web, spa, publicClient, permissions, adminConsent, secret, certificate, federatedCredentials, directoryRoles, owners, profile"),
        bad("field twice", """
            applications:
              - key: a
                displayName: A
                displayName: B
            """, "4:5: field 'displayName' appears twice (first at line 3, column 5)"),
        bad("missing key", """
            applications:
              - displayName: A
            """, "2:5: application has no 'key'; give it a stable key such as 'partner-referrals' (it becomes the registration's uniqueName in the tenant)"),
        bad("empty key", """
            applications:
              - key: ""
                displayName: A
            """, "2:10: application has no 'key'; give it a stable key such as 'partner-referrals' (it becomes the registration's uniqueName in the tenant)"),
        bad("key with quote", """
            applications:
              - key: "o'brien"
                displayName: A
            """, "2:10: key 'o'brien' contains '''; a key may contain only letters, digits, '-', '_' and '.'"),
        bad("key with space", """
            applications:
              - key: my app
                displayName: A
            """, "2:10: key 'my app' contains a space; a key may contain only letters, digits, '-', '_' and '.'"),
        bad("key too long", "applications:\n  - key: " + "k".repeat(121) + "\n    displayName: A\n",
            "2:10: key is 121 characters long; at most 120 are allowed"),
        bad("key is a list", """
            applications:
              - key: [a]
                displayName: A
            """, "2:10: 'key' must be text, not a list"),
        bad("duplicate keys", """
            applications:
              - key: same
                displayName: A
              - key: same
                displayName: B
            """, "4:10: key 'same' is used twice (first at line 2, column 10); each application needs its own key"),
        bad("missing displayName", """
            applications:
              - key: a
                adminConsent: true
            """, "2:5: application 'a' has no 'displayName'; it is required unless 'appId' adopts an existing registration"),
        bad("blank displayName", """
            applications:
              - key: a
                displayName: "   "
            """, "3:18: 'displayName' is empty; it is required unless 'appId' adopts an existing registration"),
        bad("application not a mapping", """
            applications:
              - partner-referrals
            """, "2:5: an application must be a mapping (key, displayName, permissions, ...), not the text 'partner-referrals'"),
        bad("appId not a GUID", """
            applications:
              - key: a
                appId: 4990cffe-04e8-4e8b-808a
            """, "3:12: appId '4990cffe-04e8-4e8b-808a' is not a GUID (like 4990cffe-04e8-4e8b-808a-1175604b879f); it is the Application (client) ID of the registration to adopt"),
        // --- values (B3) ---
        bad("unknown signInAudience", """
            applications:
              - key: a
                displayName: A
                signInAudience: Everyone
            """, "4:21: unknown signInAudience 'Everyone'; use one of AzureADMyOrg, AzureADMultipleOrgs, AzureADandPersonalMicrosoftAccount, PersonalMicrosoftAccount"),
        bad("signInAudience in wrong case", """
            applications:
              - key: a
                displayName: A
                signInAudience: AzureAdMyOrg
            """, "4:21: unknown signInAudience 'AzureAdMyOrg'; did you mean 'AzureADMyOrg'?"),
        bad("adminConsent not a boolean", """
            applications:
              - key: a
                displayName: A
                adminConsent: maybe
            """, "4:19: 'adminConsent' must be true or false, not the text 'maybe'"),
        bad("lifetimeDays 0", secret("lifetimeDays: 0"), "5:21: lifetimeDays 0 is out of range; a secret lives 1 to 730 days"),
        bad("lifetimeDays -1", secret("lifetimeDays: -1"), "5:21: lifetimeDays -1 is out of range; a secret lives 1 to 730 days"),
        bad("lifetimeDays 731", secret("lifetimeDays: 731"), "5:21: lifetimeDays 731 is out of range; a secret lives 1 to 730 days"),
        bad("lifetimeDays huge", secret("lifetimeDays: 99999999999999999999"), "5:21: lifetimeDays 99999999999999999999 is out of range; a secret lives 1 to 730 days"),
        bad("lifetimeDays soon", secret("lifetimeDays: soon"), "5:21: 'lifetimeDays' must be a whole number of days, not the text 'soon'"),
        bad("lifetimeDays fraction", secret("lifetimeDays: 1.5"), "5:21: 'lifetimeDays' must be a whole number of days, not the number 1.5"),
        bad("rotateWithinDays negative", secret("rotateWithinDays: -1"), "5:25: rotateWithinDays -1 is negative; use 0 to rotate only once the secret has expired"),
        bad("rotateWithinDays equal to lifetime", secret("lifetimeDays: 90\n      rotateWithinDays: 90"), "6:25: rotateWithinDays 90 must be below lifetimeDays 90, or every run would issue a new secret"),
        bad("rotateWithinDays above default lifetime", secret("rotateWithinDays: 200"), "5:25: rotateWithinDays 200 must be below lifetimeDays 180, or every run would issue a new secret"),
        bad("secret unknown field", secret("lifetime: 90"), "5:7: unknown field 'lifetime' in secret; did you mean 'lifetimeDays'?"),
        bad("secret empty", """
            applications:
              - key: a
                displayName: A
                secret:
                adminConsent: true
            """, "4:12: 'secret' is empty; write 'secret: {}' for the defaults (180 days), or remove it for no secret"),
        bad("secret is text", """
            applications:
              - key: a
                displayName: A
                secret: yes please
            """, "4:13: 'secret' must be a mapping (displayName, lifetimeDays, rotateWithinDays; or {} for the defaults), not the text 'yes please'"),
        // --- redirect URIs ---
        bad("relative redirect", redirect("web", "/callback"), "5:22: redirect URI '/callback' in web is not absolute; write the whole URI with its scheme, like https://localhost"),
        bad("plain http redirect", redirect("web", "http://contoso.com/cb"), "5:22: redirect URI 'http://contoso.com/cb' in web uses plain http; only loopback addresses (http://localhost, http://127.0.0.1, http://[::1]) may, so use https"),
        bad("fragment in redirect", redirect("spa", "https://app.contoso.com/#/cb"), "5:22: redirect URI 'https://app.contoso.com/#/cb' in spa has a fragment ('#...'); Entra does not accept fragments in redirect URIs"),
        bad("wildcard redirect", redirect("web", "https://*.contoso.com/cb"), "5:22: redirect URI 'https://*.contoso.com/cb' in web contains a wildcard ('*'); Entra does not accept wildcards: list each URI"),
        bad("custom scheme on web", redirect("web", "myapp://auth"), "5:22: redirect URI 'myapp://auth' in web uses the scheme 'myapp'; web redirect URIs use https (custom schemes belong under publicClient)"),
        bad("redirect too long", redirect("web", "https://contoso.com/" + "a".repeat(240)), "5:22: a redirect URI in web is 260 characters long; Entra allows at most 256"),
        bad("redirect twice", redirect("publicClient", "http://localhost, http://localhost"), "5:40: redirect URI 'http://localhost' is listed twice in publicClient"),
        bad("redirectUris not a list", """
            applications:
              - key: a
                displayName: A
                web:
                  redirectUris: https://localhost
            """, "5:21: 'redirectUris' must be a list, not the text 'https://localhost'; write redirectUris: [https://localhost]"),
        // --- permissions ---
        bad("empty permissions", """
            applications:
              - key: a
                displayName: A
                permissions: []
            """, "4:18: 'permissions' is empty; list at least one API with its permissions, or remove 'permissions'"),
        bad("permission without api", """
            applications:
              - key: a
                displayName: A
                permissions:
                  - delegated: [User.Read]
            """, "5:9: permission has no 'api'; name the API by its appId (e.g. 00000003-0000-0000-c000-000000000000 for Microsoft Graph) or its display name"),
        bad("permission without names", """
            applications:
              - key: a
                displayName: A
                permissions:
                  - api: Microsoft Graph
            """, "5:9: permission for 'Microsoft Graph' lists no 'delegated' or 'application' permissions"),
        bad("permission with empty lists", """
            applications:
              - key: a
                displayName: A
                permissions:
                  - api: Microsoft Graph
                    delegated: []
                    application: []
            """, "5:9: permission for 'Microsoft Graph' lists no 'delegated' or 'application' permissions"),
        bad("same api twice", """
            applications:
              - key: a
                displayName: A
                permissions:
                  - api: Microsoft Graph
                    delegated: [User.Read]
                  - api: microsoft graph
                    application: [AuditLog.Read.All]
            """, "7:14: api 'microsoft graph' is listed twice (first at line 5, column 14); put all its permissions in one entry"),
        bad("permission name twice", """
            applications:
              - key: a
                displayName: A
                permissions:
                  - api: Microsoft Graph
                    application: [AuditLog.Read.All, AuditLog.Read.All]
            """, "6:42: 'AuditLog.Read.All' is listed twice in 'application'"),
        bad("permission description instead of value", """
            applications:
              - key: a
                displayName: A
                permissions:
                  - api: Microsoft Graph
                    application: [Read all audit log data]
            """, "6:23: permission name 'Read all audit log data' contains a space; use the permission's value (like User.Read), not its description"),
        // --- B6: a delegated scope under application ---
        bad("user_impersonation as application", """
            applications:
              - key: a
                displayName: A
                permissions:
                  - api: 4990cffe-04e8-4e8b-808a-1175604b879f
                    application: [user_impersonation]
            """, "6:23: 'user_impersonation' is a delegated permission (a scope); Microsoft Partner offers no application permissions: list it under 'delegated', not 'application'"),
        bad("Graph User.Read as application", """
            applications:
              - key: a
                displayName: A
                permissions:
                  - api: Microsoft Graph
                    application: [AuditLog.Read.All, User.Read]
            """, "6:42: 'User.Read' is a delegated permission (a scope): list it under 'delegated', not 'application'"),
        bad("Graph OwnedBy as delegated", """
            applications:
              - key: a
                displayName: A
                permissions:
                  - api: 00000003-0000-0000-c000-000000000000
                    delegated: [Application.ReadWrite.OwnedBy]
            """, "6:21: 'Application.ReadWrite.OwnedBy' is an application permission (an app role): list it under 'application', not 'delegated'"),
        // --- directory roles ---
        bad("directory role without role", """
            applications:
              - key: a
                displayName: A
                directoryRoles:
                  - assignee: admin@contoso.onmicrosoft.com
            """, "5:9: directory role has no 'role'; name it as Entra does, e.g. Security Reader"),
        bad("directory role bad assignee", """
            applications:
              - key: a
                displayName: A
                directoryRoles:
                  - role: Security Reader
                    assignee: admin
            """, "6:19: assignee 'admin' is neither a user principal name (name@domain) nor an object id (GUID); leave it out to assign the role to the application itself"),
        bad("directory role twice", """
            applications:
              - key: a
                displayName: A
                directoryRoles:
                  - role: Security Reader
                  - role: security reader
            """, "6:9: role 'security reader' for the application is listed twice"),
        // --- owners and profile ---
        bad("owner neither UPN nor GUID", """
            applications:
              - key: a
                displayName: A
                owners: [alice]
            """, "4:14: owner 'alice' is neither a user principal name (name@domain) nor an object id (GUID) of a user or service principal"),
        bad("owner twice", """
            applications:
              - key: a
                displayName: A
                owners: [alice@contoso.com, Alice@Contoso.com]
            """, "4:33: owner 'Alice@Contoso.com' is listed twice (first at line 4, column 14)"),
        bad("owners not a list", """
            applications:
              - key: a
                displayName: A
                owners: alice@contoso.com
            """, "4:13: 'owners' must be a list, not the text 'alice@contoso.com'; write owners: [alice@contoso.com]"),
        bad("unknown profile with suggestion", """
            applications:
              - key: a
                displayName: A
                profile: partner-referral
            """, "4:14: unknown profile 'partner-referral'; did you mean 'partner-referrals'?"),
        bad("unknown profile", """
            applications:
              - key: a
                displayName: A
                profile: custom
            """, "4:14: unknown profile 'custom'; the built-in profiles are partner-referrals, partner-insights, entra-reporting"),
        // --- hostile YAML (B4) ---
        bad("alias to nothing", """
            applications:
              - key: a
                displayName: *name
            """, "3:18: alias '*name' names no anchor ('&name') on a list or mapping before it (anchors on single values are not read)"),
        bad("too deep", "applications:\n" + "  ".repeat(0) + "- " + "[".repeat(30) + "]".repeat(30) + "\n",
            "2:17: nested more than 16 levels deep; a manifest needs at most 6"),
        // --- JSON ---
        bad("invalid JSON", "{\n  \"applications\": [\n    {\"key\": \"x\", \"displayName\": \"X\",}\n  ]\n}\n",
            "3:37: invalid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name"),
        bad("JSON unknown field", "{\"applications\": [{\"key\": \"x\", \"displayname\": \"X\"}]}",
            "1:32: unknown field 'displayname' in an application; did you mean 'displayName'?"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheProblemWithItsPlace(String name, String text, String expected) {
    String file = text.trim().startsWith("{") ? "m.json" : "m.yaml";
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.parse(text, file));
    assertEquals(file + ":" + expected, e.getMessage());
  }

  private static Arguments bad(String name, String text, String expected) {
    return Arguments.of(name, text, expected);
  }

  private static String secret(String lines) {
    return "applications:\n  - key: a\n    displayName: A\n    secret:\n      " + lines + "\n";
  }

  private static String redirect(String platform, String uris) {
    return "applications:\n  - key: a\n    displayName: A\n    " + platform + ":\n      redirectUris: [" + uris + "]\n";
  }
}
