package appreg.cli.command;

import appreg.provisioning.files.AtomicFiles;
import appreg.cli.Io;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Sends a report to stdout, or to a file written atomically (a reader never sees half a report). */
final class Reports {
  private Reports() {}

  static void write(Io io, Path out, Consumer<PrintWriter> body) {
    if (out == null || out.toString().equals("-")) {
      body.accept(io.out());
      io.out().flush();
      return;
    }
    Path target = io.resolve(out);
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      AtomicFiles.write(target, false, os -> {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
        body.accept(w);
        w.flush();
      });
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + out + ": " + e.getMessage(), e);
    }
  }

}
