package appreg.cli.command;

import appreg.cli.Io;
import appreg.provisioning.graph.TenantReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One self-overwriting line on stderr while the tenant is read, only when stderr is a terminal. */
final class Progress {
  private Progress() {}

  static Consumer<TenantReader.Progress> on(Io io, boolean allowed) {
    if (!io.terminal().stderr() || !allowed) return p -> {};
    return p -> {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, Integer> e : p.counts().entrySet()) parts.add(String.format("%,d %s", e.getValue(), e.getKey()));
      synchronized (io.err()) {
        io.err().print("\rreading tenant: " + String.join(", ", parts) + (p.done() ? "\n" : ""));
        io.err().flush();
      }
    };
  }
}
