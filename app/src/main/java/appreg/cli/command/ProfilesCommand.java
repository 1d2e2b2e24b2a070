package appreg.cli.command;

import appreg.cli.ExitCodes;
import appreg.cli.option.OutputOptions;
import appreg.provisioning.UsageException;
import appreg.provisioning.profile.Profile;
import appreg.provisioning.profile.Profiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "profiles",
    description = {
        "List the built-in profiles with a one-line purpose each.",
        "A profile is the app registration a Microsoft prerequisite page asks for, plus the manual steps Graph "
            + "cannot do. Nothing is read from or written to a tenant.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg profiles",
        "  appreg profiles --format json",
        "  appreg init --profile partner-referrals --out appreg.yaml",
        "",
        "Documentation: docs/profiles.md"})
public final class ProfilesCommand extends Subcommand implements Callable<Integer> {
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = io().out();
    if (output.json()) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ArrayNode list = mapper.createArrayNode();
      for (Profile p : Profiles.all()) {
        list.addObject().put("name", p.name()).put("purpose", p.purpose()).put("source", p.source());
      }
      out.println(mapper.writeValueAsString(list));
      return ExitCodes.OK;
    }
    if (!"text".equalsIgnoreCase(output.format)) {
      throw new UsageException("--format " + output.format + ": profiles prints text or json");
    }
    int width = Profiles.all().stream().mapToInt(p -> p.name().length()).max().orElse(0);
    for (Profile p : Profiles.all()) {
      out.println(p.name() + " ".repeat(width - p.name().length() + 2) + p.purpose());
    }
    out.println();
    out.println("Print one as a manifest: appreg init --profile NAME");
    return ExitCodes.OK;
  }
}
