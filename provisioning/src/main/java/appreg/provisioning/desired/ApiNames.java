package appreg.provisioning.desired;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.WellKnown;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a manifest's {@code api} is read: an appId when it looks like one, otherwise a display name. A few first-party
 * APIs are known by name even when the tenant has no service principal for them yet (Microsoft Partner usually has
 * none), under the names Microsoft's documentation uses for them.
 */
public final class ApiNames {
  private ApiNames() {}

  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private static final Map<String, AppId> FIRST_PARTY = Map.of(
      "microsoft partner", WellKnown.MICROSOFT_PARTNER,
      "microsoft dev center", WellKnown.MICROSOFT_PARTNER,
      "microsoft partner (microsoft dev center)", WellKnown.MICROSOFT_PARTNER,
      "microsoft graph", WellKnown.MICROSOFT_GRAPH,
      "microsoft partner center", WellKnown.PARTNER_CENTER);

  private static final Map<AppId, String> LABELS = Map.of(
      WellKnown.MICROSOFT_PARTNER, "Microsoft Partner",
      WellKnown.MICROSOFT_GRAPH, "Microsoft Graph",
      WellKnown.PARTNER_CENTER, "Microsoft Partner Center",
      WellKnown.AZURE_AD_GRAPH, "Windows Azure Active Directory");

  public static boolean isAppId(String api) {
    return api != null && GUID.matcher(api.trim()).matches();
  }

  public static Optional<AppId> firstParty(String displayName) {
    return Optional.ofNullable(FIRST_PARTY.get(displayName.trim().toLowerCase(Locale.ROOT)));
  }

  /** A readable name for an API appId, for plan lines when its service principal is missing. */
  public static String label(AppId appId) {
    return LABELS.getOrDefault(appId, appId.value());
  }
}
