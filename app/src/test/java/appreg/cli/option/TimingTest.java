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

  @Test
  void theProcessStartIsReadFromProcToTheHundredthOfASecond() {
    // proc(5): starttime is field 22, in clock ticks after boot; a command name may hold spaces and parentheses
    String stat = "22323 (java (x) y) S 22319 22319 1118 0 -1 4194304 127 0 0 0 0 0 0 0 20 0 1 0 510607 3133440 389";
    assertEquals(1_230_000_000L, Timing.startedAgo(stat, "5107.30 9876.54\n"));
    assertEquals(0L, Timing.startedAgo(stat, "5106.07 1.00"));
  }
}
