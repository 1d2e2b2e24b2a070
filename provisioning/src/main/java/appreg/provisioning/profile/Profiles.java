package appreg.provisioning.profile;

import appreg.provisioning.UsageException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The built-in profiles of the contract, each taken from a Microsoft prerequisite page: what Graph can set up is in
 * the application, the rest is a checklist of manual steps linking to the page each step comes from.
 */
public final class Profiles {
  private Profiles() {}

  static final String REFERRALS_AUTH = "https://learn.microsoft.com/en-us/partner-center/developer/referral-api-authentication";
  static final String INSIGHTS_PREREQUISITES =
      "https://learn.microsoft.com/en-us/partner-center/insights/insights-programmatic-prerequisites";
  static final String INSIGHTS_TOKEN =
      "https://learn.microsoft.com/en-us/partner-center/insights/insights-programmatic-first-api-call#token-generation";
  static final String PARTNER_API_AUTH =
      "https://learn.microsoft.com/en-us/partner/develop/api-authentication#application-and-user-access";
  static final String SECURE_APP_MODEL =
      "https://learn.microsoft.com/en-us/partner-center/developer/enable-secure-app-model";
  static final String REPORTING_PREREQUISITES =
      "https://learn.microsoft.com/en-us/entra/identity/monitoring-health/howto-configure-prerequisites-for-reporting-api";
  static final String GRAPH_APP_ONLY_TOKEN = "https://learn.microsoft.com/en-us/graph/auth-v2-service";
  /**
   * The redirect an interactive App+User sign-in returns to. Partner Center PowerShell's
   * {@code New-PartnerAccessToken -UseAuthorizationCode} listens on the first free port from 8400 to 8999 and sends
   * {@code http://localhost:PORT} (https://learn.microsoft.com/en-us/powershell/module/partnercenter/new-partneraccesstoken),
   * so the registration must list the one the tool uses; plain http is allowed for loopback only.
   */
  static final String LOOPBACK_REDIRECT = "http://localhost:8400";


  private static final List<Profile> ALL = List.of(
      new Profile("partner-referrals",
          "Partner Center Referrals API: App+User tokens through Microsoft Partner user_impersonation",
          REFERRALS_AUTH,
          List.of(
              new ManualStep("Have a Partner Center account in the partner program; the Referrals API works only for "
                  + "a valid Partner Center account.", REFERRALS_AUTH + "#prerequisites"),
              new ManualStep("In Partner Center, Settings (gear) > User management: give the user who will call the "
                  + "API the Referrals Admin role (create, update and read referrals) or Referrals User (read the "
                  + "referrals whose team they are on).", REFERRALS_AUTH + "#step-1-create-a-partner-center-account-with-referrals-roles"),
              new ManualStep("Get tokens as that user with multifactor sign-in, through a delegated flow (device code "
                  + "or interactive sign-in), not the username-and-password grant: Partner Center requires MFA for "
                  + "App+User calls.", SECURE_APP_MODEL)),
          List.of("Request tokens for the resource https://api.partner.microsoft.com (App+User: the app's client id "
                  + "and secret together with the signed-in Referrals user).",
              "If the Microsoft Partner API is missing from the portal's list, it is the app 4990cffe-... also shown "
                  + "as 'Microsoft Dev Center'; appreg names it by appId and creates its service principal when "
                  + "the tenant has none."),
          new FirstToken("Partner Center Referrals API", "https://api.partner.microsoft.com", true,
              "a Partner Center user with the Referrals Admin or Referrals User role", LOOPBACK_REDIRECT,
              REFERRALS_AUTH + "#rest-request", List.of())),
      new Profile("partner-insights",
          "Partner Center Insights analytics, programmatic access: Microsoft Partner user_impersonation",
          INSIGHTS_PREREQUISITES,
          List.of(
              new ManualStep("Enroll in the Microsoft AI Cloud Partner Program and have a Partner Center account.",
                  INSIGHTS_PREREQUISITES),
              new ManualStep("In Partner Center, User management: assign the Executive report viewer (ERV) role to "
                  + "the user whose token will read the analytics data.", INSIGHTS_PREREQUISITES),
              new ManualStep("Get tokens as that user with multifactor sign-in, through a delegated flow (device code "
                  + "or interactive sign-in); the page's token sample uses the username-and-password grant, which "
                  + "cannot satisfy MFA.", SECURE_APP_MODEL)),
          List.of("An Insights token is valid for one hour: request a new one (or refresh it) before each batch of "
                  + "calls rather than reusing it all day.",
              "The API needs Application + User access: the app's client id and secret together with the signed-in "
                  + "ERV user (" + PARTNER_API_AUTH + ")."),
          new FirstToken("Partner Center Insights analytics API", "https://api.partnercenter.microsoft.com", true,
              "a Partner Center user with the Executive report viewer role", LOOPBACK_REDIRECT,
              INSIGHTS_TOKEN,
              List.of("The token page names the resource https://api.partnercenter.microsoft.com, which belongs to the "
                      + "Microsoft Partner Center app (fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd), while the prerequisites "
                      + "page asks for the Microsoft Partner permission this profile requests. If the token request "
                      + "answers AADSTS65001 (no consent), add api fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd with delegated "
                      + "[user_impersonation] to the manifest's permissions and apply again."))),
      new Profile("entra-reporting",
          "Microsoft Entra reporting API: audit and sign-in logs through Microsoft Graph application permissions",
          REPORTING_PREREQUISITES,
          List.of(
              new ManualStep("A user who reads the reports through the API with their own sign-in needs Security "
                  + "Reader, Security Administrator or Global Administrator (uncomment directoryRoles in the manifest "
                  + "to let appreg assign Security Reader); the app's own application permissions need no role.",
                  REPORTING_PREREQUISITES + "#assign-roles"),
              new ManualStep("Sign-in logs through the API need a Microsoft Entra ID P1 (or P2) license in the tenant; "
                  + "audit logs do not.", REPORTING_PREREQUISITES + "#license-requirements"),
              new ManualStep("Run apply as a Global Administrator or Privileged Role Administrator: consenting to "
                  + "Microsoft Graph application permissions needs one of them.", REPORTING_PREREQUISITES
                  + "#grant-permissions")),
          List.of("The app reads the logs with its own client-credentials token (no user signs in): keep its client "
                  + "secret as safe as an administrator's password.",
              "Older versions of the page also grant Azure AD Graph (Windows Azure Active Directory) 'Read directory "
                  + "data'; Azure AD Graph is retired, so this profile asks Microsoft Graph Directory.Read.All instead."),
          new FirstToken("Microsoft Graph reporting API (auditLogs)", FirstToken.GRAPH, false,
              "the app itself", null,
              GRAPH_APP_ONLY_TOKEN,
              List.of("With that token, read the logs at GET /auditLogs/directoryAudits and GET /auditLogs/signIns "
                  + "(https://learn.microsoft.com/en-us/graph/api/resources/azure-ad-auditlog-overview)."))));

  public static List<Profile> all() {
    return ALL;
  }

  /** The profile called {@code name}; a {@link UsageException} listing the names when there is none. */
  public static Profile get(String name) {
    for (Profile p : ALL) if (p.name().equals(name)) return p;
    throw new UsageException("unknown profile '" + name + "'; the profiles are: " + names());
  }

  public static String names() {
    return ALL.stream().map(Profile::name).collect(Collectors.joining(", "));
  }
}
