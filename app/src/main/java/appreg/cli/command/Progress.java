package appreg.cli.command;

import appreg.cli.Io;
import appreg.cli.Terminal;
import appreg.provisioning.InterruptedRunException;
import appreg.provisioning.graph.TenantReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * While the tenant is read: one line on stderr, rewritten in place and cut to the terminal's width, when stderr is a
 * terminal, whatever stdout is (a report redirected to a file, or JSON, still shows progress to the person waiting;
 * stdout never gets any). Also the place a long read notices a request to stop: after each round of pages.
 */
final class Progress {
  private Progress() {}

  static Consumer<TenantReader.Progress> on(Io io) {
    Consumer<TenantReader.Progress> show = io.terminal().stderr() && !"dumb".equals(io.env("TERM")) ? line(io) : p -> {};
    return p -> {
      if (io.interruption().requested()) {
        throw new InterruptedRunException("stopped while reading the tenant; nothing was changed");
      }
      show.accept(p);
    };
  }

  private static Consumer<TenantReader.Progress> line(Io io) {
    int[] width = {0};
    int[] shown = {0};
    return p -> {
      if (width[0] == 0) width[0] = Math.max(20, Terminal.width(io.env()) - 1);   // the last column would wrap
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, Integer> e : p.counts().entrySet()) parts.add(String.format("%,d %s", e.getValue(), e.getKey()));
      String text = fit("reading tenant: " + String.join(", ", parts), width[0]);
      synchronized (io.err()) {
        io.err().print("\r" + text + " ".repeat(Math.max(0, shown[0] - text.length())) + (p.done() ? "\n" : ""));
        io.err().flush();
      }
      shown[0] = p.done() ? 0 : text.length();
    };
  }

  /** Cut to {@code width} columns, ending in "..." when something was cut. */
  static String fit(String text, int width) {
    if (text.length() <= width) return text;
    return text.substring(0, Math.max(0, width - 3)) + "...";
  }
}
