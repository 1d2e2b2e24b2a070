package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ids of handed-over items count as a set of strings would count them, GUIDs or not. */
class IdSetTest {
  @Test
  void addsAsASetOfStringsWould() {
    Random random = new Random(3);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
    List<String> odd = List.of("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "",
        "a", "not-a-guid", "5CC46E4B-7979-4515-ABB2-599DB7351298", "5cc46e4b-7979-4515-abb2-599db7351298",
        "5cc46e4b-7979-4515-abb2-599db7351298 ", "5cc46e4b_7979_4515_abb2_599db7351298", "5cc46e4b-7979-4515-abb2-599db735129g");
    IdSet set = new IdSet();
    Set<String> expected = new HashSet<>();
    for (int round = 0; round < 3; round++) {
      for (String id : ids) assertEquals(expected.add(id), set.add(id), id);
      for (String id : odd) assertEquals(expected.add(id), set.add(id), id);
      // an id that differs from a GUID seen only in case is another id
      for (String id : ids.subList(0, 100)) assertEquals(expected.add(id.toUpperCase()), set.add(id.toUpperCase()), id);
    }
    for (int i = 0; i < 1000; i++) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      assertEquals(false, set.contains(id), id);
      assertEquals(true, set.contains(ids.get(i)), id);
    }
    for (String id : odd) assertEquals(true, set.contains(id), id);
    assertEquals(false, set.contains("5cc46e4b-7979-4515-abb2-599db7351299"));
    assertEquals(false, new IdSet().contains("00000000-0000-0000-0000-000000000000"));
    assertEquals(false, new IdSet().contains("x"));
  }
}
