package appreg.provisioning.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The audit's compact indexes answer as a HashMap would. */
class CompactMapTest {
  @Test
  void answersAsAHashMapWould() {
    Random random = new Random(9);
    CompactMap<Object, Object> compact = new CompactMap<>();
    Map<Object, Object> expected = new HashMap<>();
    for (int i = 0; i < 50_000; i++) {
      Object key = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(1000);          // small ints collide often
        case 1 -> "k" + random.nextInt(20_000);
        case 2 -> random.nextInt(50) == 0 ? null : (long) random.nextInt(5000);
        default -> new java.util.ArrayList<>(java.util.List.of(random.nextInt(30)));   // equal, not the same
      };
      Object value = "v" + i;
      switch (random.nextInt(3)) {
        case 0 -> assertEquals(expected.putIfAbsent(key, value), compact.putIfAbsent(key, value));
        case 1 -> {
          expected.put(key, value);
          compact.put(key, value);
        }
        default -> assertEquals(expected.get(key), compact.get(key));
      }
      assertEquals(expected.containsKey(key), compact.containsKey(key));
      assertEquals(expected.size(), compact.size());
    }
  }
}
