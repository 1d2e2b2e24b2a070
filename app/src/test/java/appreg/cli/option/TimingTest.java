package appreg.cli.option;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimingTest {
  @Test
  void overlappingIntervalsCountOnce() {
    assertEquals(0, Timing.union(List.of()));
    assertEquals(10, Timing.union(List.of(new long[] {0, 10})));
    assertEquals(20, Timing.union(List.of(new long[] {5, 20}, new long[] {0, 10})), "overlap");
    assertEquals(20, Timing.union(List.of(new long[] {0, 10}, new long[] {20, 30}, new long[] {2, 3})), "gap, inside");
    assertEquals(30, Timing.union(List.of(new long[] {0, 10}, new long[] {10, 30})), "touching");
  }
}
