package appreg.cli;

import appreg.cli.render.HelpText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes a man page (roff, section 1) for appreg and for each of its commands from the command tree, so the pages
 * say what {@code --help} says. Run at build time: {@code mvn package} leaves them in {@code app/target/man/man1}.
 * picocli-codegen's ManPageGenerator writes AsciiDoc, which needs Asciidoctor (JRuby) to become roff; that cost
 * about 9 s of CPU on every build, more than these pages are worth, so the roff is written here.
 */
public final class ManPages {
  private ManPages() {}

  /** {@code args[0]}: the directory to write into (created). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/man/man1");
    write(dir);
  }

  static List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Io io = new Io(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
        java.io.InputStream.nullInputStream(), Map.of(), dir, false);
    CommandLine root = AppregCommand.commandLine(io);
    root.setUsageHelpWidth(72);   // the synopsis sits in a no-fill block, indented by man: keep it inside 80 columns
    String version = new Version().getVersion()[0].replaceAll(" \\(.*", "");
    List<CommandSpec> pages = new ArrayList<>();
    pages.add(root.getCommandSpec());
    for (CommandLine sub : root.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      if (!spec.usageMessage().hidden() && !spec.name().equals("help") && !pages.contains(spec)) pages.add(spec);
    }
    List<Path> written = new ArrayList<>();
    for (CommandSpec spec : pages) {
      Path file = dir.resolve(pageName(spec) + ".1");
      Files.writeString(file, page(spec, pages, version), StandardCharsets.UTF_8);
      written.add(file);
    }
    return written;
  }

  static String pageName(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  static String page(CommandSpec spec, List<CommandSpec> all, String version) {
    StringBuilder m = new StringBuilder();
    String name = pageName(spec);
    m.append(".\\\" Generated from appreg's command definitions at build time; edit those, not this file.\n");
    m.append(".TH \"").append(name.toUpperCase(java.util.Locale.ROOT)).append("\" 1 \"\" \"").append(version)
        .append("\" \"appreg Manual\"\n");
    m.append(".nh\n.ad l\n");   // options and paths must not be hyphenated or stretched
    String[] description = spec.usageMessage().description();
    m.append(".SH NAME\n").append(name).append(" \\- ").append(text(firstSentence(description))).append('\n');

    m.append(".SH SYNOPSIS\n.nf\n");
    String synopsis = new CommandLine.Help(spec, new ColorScheme.Builder(Ansi.OFF).build()).synopsis(0);
    m.append(text(synopsis.strip())).append("\n.fi\n");

    m.append(".SH DESCRIPTION\n");
    for (String paragraph : description) {
      if (!paragraph.isBlank()) m.append(".PP\n").append(text(paragraph.replace("%n", "\n"))).append('\n');
    }

    if (spec.root() == spec) {
      m.append(".SH COMMANDS\n");
      for (CommandSpec c : all) {
        if (c == spec) continue;
        m.append(".TP\n\\fB").append(text(c.name())).append("\\fR\n")
            .append(text(firstSentence(c.usageMessage().description()))).append(". See \\%\\fB")
            .append(text(pageName(c))).append("\\fR(1).\n");
      }
    }

    List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!positionals.isEmpty()) {
      m.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : positionals) {
        m.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n")
            .append(text(HelpText.expand(p, String.join(" ", p.description())))).append('\n');
      }
    }

    m.append(".SH OPTIONS\n");
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) continue;
      List<String> names = new ArrayList<>();
      for (String n : o.names()) names.add("\\fB" + text(n) + "\\fR");
      String label = o.arity().max() > 0 ? "=\\fI" + text(o.paramLabel()) + "\\fR" : "";
      m.append(".TP\n").append(String.join(", ", names)).append(label).append('\n')
          .append(text(HelpText.expand(o, String.join(" ", o.description())))).append('\n');
    }

    if (spec.usageMessage().exitCodeList().size() > 0) {
      m.append(".SH EXIT STATUS\n");
      for (Map.Entry<String, String> e : spec.usageMessage().exitCodeList().entrySet()) {
        m.append(".TP\n\\fB").append(text(e.getKey().strip())).append("\\fR\n").append(text(e.getValue())).append('\n');
      }
    }

    boolean connects = spec.findOption("--tenant") != null;
    if (spec.root() == spec || connects) {
      m.append(".SH ENVIRONMENT\n");
      env(m, "APPREG_ACCESS_TOKEN", "A Microsoft Graph access token to use instead of signing in.");
      env(m, "APPREG_TENANT", "Default for --tenant.");
      env(m, "APPREG_CLOUD", "Default for --cloud.");
      env(m, "HTTPS_PROXY, NO_PROXY", "The proxy for Graph and for signing in, and the hosts that bypass it.");
      env(m, "APPREG_EXTRA_CA_CERTS", "A PEM file of certificates to trust besides Java's (a proxy that inspects TLS).");
      env(m, "BROWSER", "The command --browser opens the sign-in address with.");
      env(m, "NO_COLOR", "When set and not empty, text output has no colour.");
    }

    String[] footer = spec.usageMessage().footer();
    if (footer.length > 0) {
      m.append(".SH EXAMPLES\n");
      boolean inExamples = false;
      for (String line : footer) {
        String shown = line.replace("%%", "%");
        if (shown.startsWith("  ")) {
          if (!inExamples) m.append(".PP\n.nf\n");
          inExamples = true;
          m.append(text(shown.substring(2))).append('\n');
        } else {
          if (inExamples) m.append(".fi\n");
          inExamples = false;
          if (!shown.isBlank()) m.append(".PP\n").append(text(shown)).append('\n');
        }
      }
      if (inExamples) m.append(".fi\n");
    }

    m.append(".SH SEE ALSO\n");
    List<String> others = new ArrayList<>();
    for (CommandSpec c : all) if (c != spec) others.add("\\%\\fB" + text(pageName(c)) + "\\fR(1)");
    m.append(String.join(", ", others)).append('\n');
    return m.toString();
  }

  private static void env(StringBuilder m, String name, String what) {
    m.append(".TP\n\\fB").append(name).append("\\fR\n").append(text(what)).append('\n');
  }

  private static String firstSentence(String[] description) {
    if (description.length == 0) return "";
    String first = description[0].strip();
    int end = first.indexOf(". ");
    if (end > 0) first = first.substring(0, end);
    return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
  }

  /**
   * Text for roff: a backslash is {@code \e}, a hyphen {@code \-} (so options copy as typed), and a line that would
   * start with a control character ({@code .} or {@code '}) is protected with {@code \&}.
   */
  static String text(String s) {
    String escaped = s.replace("\\", "\\e").replace("-", "\\-");
    StringBuilder out = new StringBuilder();
    for (String line : escaped.split("\n", -1)) {
      if (out.length() > 0) out.append('\n');
      if (line.startsWith(".") || line.startsWith("'")) out.append("\\&");
      out.append(line);
    }
    return out.toString();
  }
}
