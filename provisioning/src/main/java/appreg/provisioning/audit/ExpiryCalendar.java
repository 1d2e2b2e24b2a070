package appreg.provisioning.audit;

import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Registration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * When the tenant's registration credentials run out: how many have already expired, how many end in each of the
 * coming months (the current one first), and how many later or never. Feeds the HTML report's chart.
 */
public record ExpiryCalendar(int expired, List<Month> months, int later, int never) {
  public ExpiryCalendar {
    months = List.copyOf(months);
  }

  public record Month(YearMonth month, int secrets, int certificates) {
    public int total() {
      return secrets + certificates;
    }
  }

  public static ExpiryCalendar of(ObservedTenant tenant, Instant now, int monthsAhead) {
    YearMonth first = YearMonth.from(now.atOffset(ZoneOffset.UTC));
    int[] secrets = new int[monthsAhead];
    int[] certificates = new int[monthsAhead];
    int expired = 0;
    int later = 0;
    int never = 0;
    for (Registration r : tenant.registrations()) {
      for (Credential c : Credential.of(r)) {
        if (c.endDateTime() == null) {
          never++;
          continue;
        }
        if (c.expiredAt(now)) {
          expired++;
          continue;
        }
        YearMonth m = YearMonth.from(c.endDateTime().atOffset(ZoneOffset.UTC));
        long index = first.until(m, java.time.temporal.ChronoUnit.MONTHS);
        if (index >= monthsAhead) {
          later++;
        } else if (c.kind() == Credential.Kind.SECRET) {
          secrets[(int) index]++;
        } else {
          certificates[(int) index]++;
        }
      }
    }
    List<Month> months = new ArrayList<>();
    for (int i = 0; i < monthsAhead; i++) months.add(new Month(first.plusMonths(i), secrets[i], certificates[i]));
    return new ExpiryCalendar(expired, months, later, never);
  }
}
