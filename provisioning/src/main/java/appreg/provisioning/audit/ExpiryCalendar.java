package appreg.provisioning.audit;

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

  /** Counts credentials as registrations are read. */
  static final class Counter {
    private final Instant now;
    private final YearMonth first;
    private final int[] secrets;
    private final int[] certificates;
    private int expired;
    private int later;
    private int never;

    Counter(Instant now, int monthsAhead) {
      this.now = now;
      this.first = YearMonth.from(now.atOffset(ZoneOffset.UTC));
      this.secrets = new int[monthsAhead];
      this.certificates = new int[monthsAhead];
    }

    void add(List<Credential> credentials) {
      for (Credential c : credentials) {
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
        if (index >= secrets.length) {
          later++;
        } else if (c.kind() == Credential.Kind.SECRET) {
          secrets[(int) index]++;
        } else {
          certificates[(int) index]++;
        }
      }
    }

    ExpiryCalendar calendar() {
      List<Month> months = new ArrayList<>();
      for (int i = 0; i < secrets.length; i++) months.add(new Month(first.plusMonths(i), secrets[i], certificates[i]));
      return new ExpiryCalendar(expired, months, later, never);
    }
  }
}
