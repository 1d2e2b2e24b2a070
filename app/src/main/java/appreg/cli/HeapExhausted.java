package appreg.cli;

import appreg.provisioning.AppregException;

/**
 * The Java heap ran out ({@link OutOfMemoryError}): reported as one error line with the heap's size and how to give
 * appreg more (docs/performance.md, "Memory"), instead of a stack trace or a misleading cause such as "no answer from
 * Graph" from the thread that happened to fail. Exit 1.
 */
final class HeapExhausted extends AppregException {
  HeapExhausted(OutOfMemoryError cause) {
    super("out of memory: this run needs more than the " + maxHeapMb() + " MB of Java heap it may use", cause);
  }

  /** -Xmx as given (Runtime.maxMemory leaves out a survivor space, so it would not match what was set). */
  static long maxHeapMb() {
    try {
      var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return Long.parseLong(vm.getVMOption("MaxHeapSize").getValue()) / (1024 * 1024);
    } catch (RuntimeException | LinkageError e) {
      return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }
  }

  static final String HINT = "hint: give it more heap, e.g. JDK_JAVA_OPTIONS=-Xmx2g (./appreg sets -Xmx512m unless "
      + "JDK_JAVA_OPTIONS or JAVA_TOOL_OPTIONS sets -Xmx); see docs/performance.md";
}
