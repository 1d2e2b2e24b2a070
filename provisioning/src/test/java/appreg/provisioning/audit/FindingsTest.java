package appreg.provisioning.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.ObjectId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Findings come out in {@link Finding#ORDER}, equal ones in the order found, however they were stored. */
class FindingsTest {
  private static List<Finding> found(int count, long seed) {
    Random random = new Random(seed);
    List<Subject> subjects = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // names that differ only in case, subjects that differ only in appId or object id, the tenant (no ids)
      String name = random.nextBoolean() ? "App " + (i % 7) : "app " + (i % 7);
      subjects.add(switch (i % 5) {
        case 0 -> new Subject(Subject.Kind.TENANT, name, null, null, "");
        case 1 -> new Subject(Subject.Kind.SERVICE_PRINCIPAL, name, new AppId("0000000" + (i % 3)), new ObjectId("o" + i), "");
        default -> new Subject(Subject.Kind.APPLICATION, name, new AppId("1111111" + (i % 4)), new ObjectId("o" + (i % 9)), "k" + i);
      });
    }
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("n", Integer.toString(i));   // tells equal findings apart once sorted
      if (random.nextBoolean()) details.put("keyId", "k" + random.nextInt(3));
      out.add(new Finding("rule-" + random.nextInt(6), Severity.values()[random.nextInt(4)], "Title",
          subjects.get(random.nextInt(subjects.size())), random.nextInt(4) == 0 ? "" : "evidence " + random.nextInt(5),
          details));
    }
    return out;
  }

  @Test
  void sortedAsTheOrderSaysEqualOnesAsFound() {
    for (long seed = 1; seed <= 20; seed++) {
      List<Finding> found = found(3000, seed);
      assertEquals(found.stream().sorted(Finding.ORDER).toList(), new ArrayList<>(Findings.of(found)), "seed " + seed);
    }
  }

  @Test
  void forksAppendedInOrderCountAsFoundInThatOrder() {
    List<Finding> found = found(2000, 7);
    Findings.Store store = new Findings.Store();
    found.subList(0, 500).forEach(store::add);
    Findings.Store a = store.fork();
    Findings.Store b = store.fork();
    Findings.Store empty = store.fork();
    found.subList(500, 1200).forEach(a::add);
    found.subList(1200, 1900).forEach(b::add);
    store.append(a);
    store.append(empty);
    store.append(b);
    found.subList(1900, 2000).forEach(store::add);
    assertEquals(found.stream().sorted(Finding.ORDER).toList(), new ArrayList<>(store.sorted(Set.of())));
    assertEquals(found.stream().filter(f -> !f.rule().equals("rule-2")).sorted(Finding.ORDER).toList(),
        new ArrayList<>(store.sorted(Set.of("rule-2"))));
  }
}
