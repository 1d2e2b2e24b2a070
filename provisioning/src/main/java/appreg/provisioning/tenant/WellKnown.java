package appreg.provisioning.tenant;

/** First-party application ids that Microsoft keeps stable across tenants (see docs/profiles.md for sources). */
public final class WellKnown {
  private WellKnown() {}

  /** Microsoft Partner, documented as "Microsoft Partner (Microsoft Dev Center)"; exposes {@code user_impersonation}. */
  public static final AppId MICROSOFT_PARTNER = new AppId("4990cffe-04e8-4e8b-808a-1175604b879f");
  /** Microsoft Partner Center. */
  public static final AppId PARTNER_CENTER = new AppId("fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd");
  /** Microsoft Graph. */
  public static final AppId MICROSOFT_GRAPH = new AppId("00000003-0000-0000-c000-000000000000");
  /** Azure AD Graph ("Windows Azure Active Directory"), retired in 2025. */
  public static final AppId AZURE_AD_GRAPH = new AppId("00000002-0000-0000-c000-000000000000");
}
