package appreg.provisioning.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.UsageException;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.DirectoryRoleSpec;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.ManifestReader;
import appreg.provisioning.manifest.PermissionSpec;
import appreg.provisioning.manifest.SecretSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfilesTest {
  private static final String PARTNER = "4990cffe-04e8-4e8b-808a-1175604b879f";
  private static final String GRAPH = "00000003-0000-0000-c000-000000000000";

  @Test
  void theContractsThreeProfiles() {
    assertEquals(List.of("partner-referrals", "partner-insights", "entra-reporting"),
        Profiles.all().stream().map(Profile::name).toList());
  }

  @Test
  void aManifestMayRecordExactlyTheseProfiles() {
    assertEquals(ApplicationSpec.PROFILES, Profiles.all().stream().map(Profile::name).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"partner-referrals", "partner-insights", "entra-reporting"})
  void initRecordsTheProfileOnTheApplication(String name) {
    assertEquals(name, ManifestReader.parse(Profiles.get(name).manifestYaml("k", null), "m.yaml")
        .applications().get(0).profile());
    assertEquals(name, Profiles.get(name).application("k", null).profile(), "bootstrap's manifest records it too");
  }

  @Test
  void firstTokenRecipesNameTheDocumentedResource() {
    java.net.URI global = java.net.URI.create("https://graph.microsoft.com");
    FirstToken referrals = Profiles.get("partner-referrals").firstToken();
    assertEquals("https://api.partner.microsoft.com", referrals.resource(global));
    assertTrue(referrals.source().startsWith(Profiles.REFERRALS_AUTH), referrals.source());
    FirstToken insights = Profiles.get("partner-insights").firstToken();
    assertEquals("https://api.partnercenter.microsoft.com", insights.resource(global));
    assertEquals(Profiles.INSIGHTS_TOKEN, insights.source());
    FirstToken reporting = Profiles.get("entra-reporting").firstToken();
    assertEquals("https://graph.microsoft.com/.default", reporting.scope(global));
    assertEquals("https://graph.microsoft.us/.default", reporting.scope(java.net.URI.create("https://graph.microsoft.us/")),
        "Graph of the run's cloud");
    assertEquals(false, reporting.appPlusUser());
    assertEquals(null, reporting.redirectUri());
    for (FirstToken partner : List.of(referrals, insights)) {
      assertTrue(partner.appPlusUser());
      assertTrue(partner.grant().contains("multifactor"), partner.grant());
      String withRedirect = "applications:\n  - key: k\n    displayName: K\n    web:\n      redirectUris: [https://localhost, "
          + partner.redirectUri() + "]\n";
      assertEquals(List.of("https://localhost", partner.redirectUri()),
          ManifestReader.parse(withRedirect, "m.yaml").applications().get(0).webRedirectUris(),
          "the loopback redirect is one a manifest may list under web");
    }
  }

  @Test
  void anUnknownProfileListsTheNames() {
    UsageException e = assertThrows(UsageException.class, () -> Profiles.get("partner-referral"));
    assertEquals("unknown profile 'partner-referral'; the profiles are: partner-referrals, partner-insights, "
        + "entra-reporting", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"partner-referrals", "partner-insights", "entra-reporting"})
  void initOutputReadsBackAsTheProfilesApplication(String name) {
    Profile profile = Profiles.get(name);
    String yaml = profile.manifestYaml(null, null);
    Manifest m = ManifestReader.parse(yaml, name + ".yaml");
    assertEquals(1, m.applications().size());
    assertEquals(plain(profile.application(null, null)), plain(m.applications().get(0)));
    assertEquals(name, m.applications().get(0).key(), "the key defaults to the profile's name");
    assertTrue(yaml.startsWith("# yaml-language-server: $schema=docs/manifest.schema.json\n"), yaml);
  }

  @ParameterizedTest
  @ValueSource(strings = {"partner-referrals", "partner-insights", "entra-reporting"})
  void keyAndNameAreQuotedWhenTheyNeedIt(String name) {
    String displayName = "Contoso: \"Reports\" #1, yes";
    String yaml = Profiles.get(name).manifestYaml("123", displayName);
    ApplicationSpec app = ManifestReader.parse(yaml, "m.yaml").applications().get(0);
    assertEquals("123", app.key());
    assertEquals(displayName, app.displayName());
    assertTrue(yaml.contains("  - key: \"123\""), yaml);
    assertEquals("yes", ManifestReader.parse(Profiles.get(name).manifestYaml("k", "yes"), "m.yaml")
        .applications().get(0).displayName());
  }

  @Test
  void partnerProfilesAskForMicrosoftPartnerUserImpersonationWithConsentAndASecret() {
    for (String name : List.of("partner-referrals", "partner-insights")) {
      ApplicationSpec app = Profiles.get(name).application(null, null);
      assertEquals(List.of(new PermissionSpec(PARTNER, List.of("user_impersonation"), List.of(), null)),
          app.permissions().stream().map(p -> new PermissionSpec(p.api(), p.delegated(), p.application(), null)).toList());
      assertTrue(app.adminConsent());
      assertEquals("AzureADMyOrg", app.signInAudience(), "single tenant");
      assertEquals(SecretSpec.defaults(), app.secret());
      assertTrue(Profiles.get(name).manifestYaml(null, null)
          .contains("      - api: " + PARTNER + "  # Microsoft Partner (Microsoft Dev Center)\n"), "names the API");
    }
    assertEquals("Partner Center Referrals", Profiles.get("partner-referrals").application(null, null).displayName());
  }

  @Test
  void entraReportingAsksForGraphApplicationPermissionsAndOffersTheRoleCommentedOut() {
    Profile profile = Profiles.get("entra-reporting");
    ApplicationSpec app = profile.application("reports", "Reports");
    assertEquals(GRAPH, app.permissions().get(0).api());
    assertEquals(List.of("AuditLog.Read.All", "Directory.Read.All"), app.permissions().get(0).application());
    assertEquals(List.of(), app.permissions().get(0).delegated());
    assertEquals(List.of("https://localhost"), app.webRedirectUris());
    assertEquals(List.of(), app.directoryRoles(), "the role is optional: commented out");

    String yaml = profile.manifestYaml("reports", "Reports");
    String uncommented = yaml.replace("    # directoryRoles:", "    directoryRoles:")
        .replace("    #   - role: Security Reader", "      - role: Security Reader")
        .replace("    #     assignee:", "        assignee:");
    ApplicationSpec withRole = ManifestReader.parse(uncommented, "m.yaml").applications().get(0);
    assertEquals(List.of("Security Reader"), withRole.directoryRoles().stream().map(DirectoryRoleSpec::role).toList());
    assertEquals("admin@contoso.onmicrosoft.com", withRole.directoryRoles().get(0).assignee());
  }

  @Test
  void checklistsCarryTheDocumentedPrerequisitesWithLinks() {
    for (Profile p : Profiles.all()) {
      assertTrue(p.source().startsWith("https://learn.microsoft.com/"), p.source());
      assertTrue(p.checklist().size() >= 3, p.name());
      for (ManualStep step : p.checklist()) {
        assertTrue(step.link().startsWith("https://learn.microsoft.com/"), step.link());
        assertTrue(profileYaml(p).contains(step.link()), "init prints each step's link");
      }
    }
    assertTrue(text(Profiles.get("partner-referrals")).contains("Referrals Admin"));
    assertTrue(text(Profiles.get("partner-referrals")).contains("Referrals User"));
    assertTrue(text(Profiles.get("partner-insights")).contains("Executive report viewer"));
    assertTrue(text(Profiles.get("partner-insights")).contains("Partner Program"));
    for (String partner : List.of("partner-referrals", "partner-insights")) {
      assertTrue(text(Profiles.get(partner)).contains("device code"), partner);
      assertTrue(text(Profiles.get(partner)).contains("not the username-and-password grant")
          || text(Profiles.get(partner)).contains("username-and-password grant, which"), partner);
    }
    assertTrue(text(Profiles.get("entra-reporting")).contains("P1"));
    assertTrue(text(Profiles.get("entra-reporting")).contains("Security Reader"));
    assertTrue(String.join(" ", Profiles.get("partner-insights").reminders()).contains("one hour"));
  }

  @Test
  void anUnusableKeyOrNameSaysWhy() {
    UsageException key = assertThrows(UsageException.class,
        () -> Profiles.get("partner-referrals").manifestYaml("o'brien", null));
    assertEquals("cannot use key 'o'brien': key 'o'brien' contains '''; a key may contain only letters, digits, '-', "
        + "'_' and '.'", key.getMessage());
    assertThrows(UsageException.class, () -> Profiles.get("partner-referrals").application(null, " "));
    assertThrows(UsageException.class, () -> Profiles.get("partner-referrals").application(null, "a\nb"));
  }

  private static String profileYaml(Profile p) {
    return p.manifestYaml(null, null);
  }

  private static String text(Profile p) {
    return String.join(" ", p.checklist().stream().map(ManualStep::text).toList());
  }

  private static ApplicationSpec plain(ApplicationSpec a) {
    return new ApplicationSpec(a.key(), a.displayName(), a.signInAudience(), a.appId(), a.webRedirectUris(),
        a.spaRedirectUris(), a.publicClientRedirectUris(),
        a.permissions().stream().map(p -> new PermissionSpec(p.api(), p.delegated(), p.application(), null)).toList(),
        a.adminConsent(), a.secret(), a.directoryRoles(), a.owners(), a.profile(), null);
  }
}
