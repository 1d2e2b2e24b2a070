package appreg.provisioning.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import appreg.provisioning.audit.rules.UsesClientSecret;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Evidence text written without a formatter or a pattern reads as the formatter and the patterns wrote it. */
class CredentialTextTest {
  @Test
  void datesAndDaysAsTheFormattersWriteThem() {
    Random random = new Random(1);
    List<Instant> edges = List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0001-01-01T00:00:00Z"),
        Instant.parse("0000-12-31T23:59:59Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2024-02-29T12:00:00.100Z"),
        Instant.parse("2024-02-29T12:00:00.000100Z"), Instant.parse("2024-02-29T12:00:00.000000100Z"),
        Instant.parse("1969-12-31T23:59:59.5Z"));
    for (Instant i : edges) check(i);
    for (int n = 0; n < 100_000; n++) {
      long seconds = random.nextLong() % 400_000_000_000L;
      int nano = switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      check(Instant.ofEpochSecond(seconds, nano));
    }
    assertEquals(null, Credential.date(null));
    assertEquals("never", Credential.day(null));
  }

  private static void check(Instant i) {
    assertEquals(outcome(() -> DateTimeFormatter.ISO_INSTANT.format(i)), outcome(() -> Credential.date(i)), i::toString);
    assertEquals(outcome(() -> DateTimeFormatter.ISO_LOCAL_DATE.format(i.atOffset(ZoneOffset.UTC))),
        outcome(() -> Credential.day(i)), i::toString);
  }

  /** The text, or the exception's class when there is none (the extremes of Instant have no offset date). */
  private static String outcome(java.util.function.Supplier<String> text) {
    try {
      return text.get();
    } catch (RuntimeException e) {
      return e.getClass().getName();
    }
  }

  private static final Pattern OTHER = Pattern.compile("[^a-z0-9._-]+");
  private static final Pattern TRIM = Pattern.compile("^[-.]+|[-.]+$");

  @Test
  void keysAsThePatternsMadeThem() {
    Random random = new Random(2);
    String alphabet = "aZ09._- -.\u0130\u00df\u4e2d\ud83d\ude00\t/Ä";
    for (String name : List.of("", "-", ".", "...", "My App", "  Ünïcode  app ", "a".repeat(130) + "-b", "-.-x-.-",
        "\u0130stanbul", "x" + "-".repeat(125) + "y")) {
      check(name);
    }
    for (int n = 0; n < 20_000; n++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(random.nextInt(10) == 0 ? 200 : 20);
      for (int i = 0; i < length; i++) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      check(s.toString());
    }
  }

  private static void check(String name) {
    String k = TRIM.matcher(OTHER.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-")).replaceAll("");
    if (k.length() > 120) k = k.substring(0, 120);
    assertEquals(k.isEmpty() ? "app" : k, UsesClientSecret.keyFrom(name), name);
  }
}
