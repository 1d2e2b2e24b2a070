package appreg.cli.render.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.cli.render.Json;
import appreg.cli.render.Utf8PrintWriter;
import appreg.provisioning.audit.AuditReport;
import appreg.provisioning.audit.ExpiryCalendar;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Findings;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.audit.Subject;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.ObjectId;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The JSON report writes most findings as bytes straight from the stored findings; those are the bytes the generator
 * writes for them, whatever the text holds: JSON's escapes, terminal controls, any character of the BMP, characters
 * beyond it and unpaired surrogates, in every field, null or empty.
 */
class AuditJsonBytesTest {
  private static String text(Random random, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(8)) {
        case 0 -> s.append((char) random.nextInt(0x20));
        case 1 -> s.append("\"\\/\u007f\u0080\u009b\u009f\u00a0".charAt(random.nextInt(8)));
        case 2 -> s.append("\u061c\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029\u2030".charAt(random.nextInt(10)));
        case 3 -> s.appendCodePoint(0x10000 + random.nextInt(0x10ffff - 0x10000));
        case 4 -> s.append((char) (0xd800 + random.nextInt(0x800)));   // unpaired, mostly
        case 5 -> s.append((char) random.nextInt(0x10000));
        default -> s.append((char) ('a' + random.nextInt(26)));
      }
    }
    return s.toString();
  }

  private static Findings findings(int count) {
    Random random = new Random(5);
    List<Subject> subjects = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      subjects.add(switch (i % 4) {
        case 0 -> new Subject(Subject.Kind.TENANT, "tenant " + text(random, 5), null, null, "");
        case 1 -> new Subject(Subject.Kind.SERVICE_PRINCIPAL, text(random, 8), new AppId("0000000" + i), new ObjectId("o" + i), "");
        case 2 -> new Subject(Subject.Kind.MANIFEST, "", null, null, "key-" + text(random, 3));
        default -> new Subject(Subject.Kind.APPLICATION, text(random, 12), new AppId("1111111" + i),
            new ObjectId(text(random, 4) + i), i % 3 == 0 ? "" : text(random, 4));
      });
    }
    List<Finding> found = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, String> details = new LinkedHashMap<>();
      int n = random.nextInt(4);
      for (int d = 0; d < n; d++) details.put(d == 0 ? "keyId" : "name" + d + text(random, 2), random.nextInt(5) == 0 ? null : text(random, 6));
      found.add(new Finding("rule-" + random.nextInt(5), Severity.values()[random.nextInt(4)], random.nextBoolean() ? text(random, 10) : null,
          subjects.get(random.nextInt(subjects.size())), random.nextInt(6) == 0 ? "" : text(random, 30), details));
    }
    return Findings.of(found);
  }

  private static AuditReport report(int count) {
    return new AuditReport(Instant.parse("2025-06-01T12:00:00Z"), new AuditReport.Tenant("t", "T", "t.example", 1, 2, 3, 4, 5),
        List.of(), findings(count), new ExpiryCalendar(0, List.of(), 0, 0), List.of("a note"), List.of(), List.of(), List.of());
  }

  private static final AuditFormat.Run RUN = new AuditFormat.Run(Severity.HIGH, "tests", null, null, "appreg", "0");

  @Test
  void findingsWrittenAsBytesAreTheGeneratorsBytes() {
    for (int count : new int[] {0, 1, 2, Json.BLOCK + 1, Json.BLOCK + 2, 3 * Json.BLOCK + 7}) {
      AuditReport report = report(count);
      StringWriter chars = new StringWriter();
      PrintWriter generator = new PrintWriter(chars);
      AuditJson.print(generator, report, RUN, false);
      generator.flush();
      byte[] expected = chars.toString().getBytes(StandardCharsets.UTF_8);

      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      PrintWriter utf8 = new Utf8PrintWriter(stream);
      AuditJson.print(utf8, report, RUN, true);
      utf8.flush();
      assertEquals(new String(expected, StandardCharsets.UTF_8), stream.toString(StandardCharsets.UTF_8), "to a stream, " + count);
      assertTrue(java.util.Arrays.equals(expected, stream.toByteArray()), "the same bytes, " + count);

      StringWriter decoded = new StringWriter();
      PrintWriter plain = new PrintWriter(decoded);
      AuditJson.print(plain, report, RUN, true);
      plain.flush();
      assertEquals(chars.toString(), decoded.toString(), "to a writer (through the generator), " + count);
    }
  }
}
