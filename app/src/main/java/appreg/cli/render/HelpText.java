package appreg.cli.render;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;

/** An option's description as the help shows it, for the other places that print it: man pages, completion scripts. */
public final class HelpText {
  private HelpText() {}

  /** Fills in picocli's help-only variables, which the model leaves as they were written. */
  public static String expand(ArgSpec arg, String text) {
    List<String> candidates = new ArrayList<>();
    if (arg.completionCandidates() != null) arg.completionCandidates().forEach(candidates::add);
    return text.replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates))
        .replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValue()));
  }
}
