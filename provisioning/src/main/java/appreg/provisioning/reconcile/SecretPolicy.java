package appreg.provisioning.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Predicts whether the tenant's default app management policy will refuse a new client secret, so that apply stops
 * before changing anything instead of failing halfway with {@code CredentialInvalidLifetimeAsPerAppPolicy}. Entra
 * compares the lifetime with "less than": a 180-day cap is configured as {@code P181D} (ScubaGear MS.AAD.5.6v1).
 * https://learn.microsoft.com/graph/api/resources/tenantappmanagementpolicy
 */
public final class SecretPolicy {
  private SecretPolicy() {}

  /**
   * Why a secret of {@code lifetimeDays} for an application created at {@code appCreated} (null: created by this run)
   * would be refused, naming the policy; empty when it would not, or when the policy could not be read.
   */
  @SuppressWarnings("unchecked")
  public static Optional<String> refusal(Map<String, Object> policy, int lifetimeDays, Instant appCreated, Instant now) {
    if (policy == null || !Boolean.TRUE.equals(policy.get("isEnabled"))) return Optional.empty();
    Object restrictions = policy.get("applicationRestrictions");
    if (!(restrictions instanceof Map<?, ?> r) || !(r.get("passwordCredentials") instanceof List<?> list)) return Optional.empty();
    String id = String.valueOf(policy.getOrDefault("id", "defaultAppManagementPolicy"));
    Instant created = appCreated == null ? now : appCreated;
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> raw)) continue;
      Map<String, Object> c = (Map<String, Object>) raw;
      if (c.get("state") != null && !"enabled".equalsIgnoreCase(String.valueOf(c.get("state")))) continue;
      Object after = c.get("restrictForAppsCreatedAfterDateTime");
      if (after != null) {
        try {
          if (!created.isAfter(Instant.parse(String.valueOf(after)))) continue;
        } catch (DateTimeParseException e) {
          // unreadable date: assume the restriction applies
        }
      }
      String type = String.valueOf(c.get("restrictionType"));
      if (type.equalsIgnoreCase("passwordAddition")) {
        return Optional.of("the tenant's app management policy " + id + " blocks new client secrets (passwordAddition); "
            + "use a certificate or a federated credential instead, or ask an admin to exempt this application");
      }
      if (type.equalsIgnoreCase("passwordLifetime") && c.get("maxLifetime") != null) {
        Optional<Duration> max = duration(String.valueOf(c.get("maxLifetime")));
        if (max.isPresent() && Duration.ofDays(lifetimeDays).compareTo(max.get()) >= 0) {
          long allowed = max.get().toDays() - (max.get().toDays() * 86_400 == max.get().getSeconds() ? 1 : 0);
          return Optional.of("the tenant's app management policy " + id + " caps client secret lifetime at "
              + c.get("maxLifetime") + " (a secret must live less than that); lifetimeDays " + lifetimeDays
              + " would be refused: set lifetimeDays to " + Math.max(1, allowed) + " or less");
        }
      }
    }
    return Optional.empty();
  }

  /** ISO-8601 durations as Graph writes them: P181D, P6M? (months are not fixed: read as 30 days), PT4320H. */
  static Optional<Duration> duration(String iso) {
    try {
      return Optional.of(Duration.parse(iso));
    } catch (DateTimeParseException e) {
      try {
        Period p = Period.parse(iso);
        return Optional.of(Duration.ofDays(p.getYears() * 365L + p.getMonths() * 30L + p.getDays()));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
