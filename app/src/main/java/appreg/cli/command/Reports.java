package appreg.cli.command;

import appreg.cli.Io;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Sends a report to stdout, or to the --out file, written atomically (a reader never sees half a report). */
final class Reports {
  private Reports() {}

  /** {@code file}: what {@link OutFile#target} returned (null for stdout); {@code given}: --out as typed, for messages. */
  static void write(Io io, Path file, Path given, Consumer<PrintWriter> body) {
    if (file == null) {
      body.accept(io.out());
      io.out().flush();
      return;
    }
    OutFile.write(file, given, os -> {
      PrintWriter w = new appreg.cli.render.Utf8PrintWriter(os);
      body.accept(w);
      w.flush();
    });
  }
}
