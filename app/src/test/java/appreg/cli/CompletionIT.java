package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * appreg completion bash|zsh|fish: the scripts name every command, and each shell that is installed here loads its
 * script and completes a command, an option and a profile name with it.
 */
class CompletionIT {
  static final List<String> COMMANDS =
      List.of("profiles", "init", "plan", "apply", "bootstrap", "delete", "audit", "export", "completion");

  @TempDir Path dir;

  private Path script(String shell) throws Exception {
    CliRun run = CliRun.run(dir, "completion", shell);
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.stderr(), run::toString);
    Path file = dir.resolve("appreg." + shell);
    Files.writeString(file, run.stdout());
    return file;
  }

  private String shell(String... command) throws Exception {
    Assumptions.assumeTrue(Pty.onPath(command[0]), command[0] + " is not installed here; its script is checked by content only");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "still running: " + List.of(command));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void bashAndZshShareAScriptThatNamesEveryCommand() throws Exception {
    String bash = Files.readString(script("bash"));
    String zsh = Files.readString(script("zsh"));
    assertTrue(bash.contains("complete -F _complete_appreg"), bash);
    assertTrue(zsh.endsWith(bash) && zsh.contains("bashcompinit"), "zsh loads the bash script through bashcompinit");
    for (String c : COMMANDS) assertTrue(bash.contains(" " + c), c);
    assertTrue(bash.contains("partner-referrals"), "profile names are completed");
  }

  @Test
  void fishHasALinePerCommandAndOption() throws Exception {
    String fish = Files.readString(script("fish"));
    for (String c : COMMANDS) {
      assertTrue(fish.contains("complete -c appreg -n 'not __fish_seen_subcommand_from " + String.join(" ", COMMANDS)),
          fish);
      assertTrue(fish.contains(" -a '" + c + "' -d '"), c);
      assertTrue(fish.contains("-n '__fish_seen_subcommand_from " + c + "'"), c);
    }
    assertTrue(fish.contains("-n '__fish_seen_subcommand_from plan' -s f -l file -r -F -d 'The manifest (YAML or JSON)'"), fish);
    assertTrue(fish.contains("-n '__fish_seen_subcommand_from init' -l profile -x -a 'partner-referrals partner-insights entra-reporting'"), fish);
    assertTrue(fish.contains("-n '__fish_seen_subcommand_from completion' -x -a 'bash zsh fish'"), fish);
  }

  @Test
  void bashCompletesCommandsOptionsAndProfiles() throws Exception {
    Path script = script("bash");
    Path driver = dir.resolve("driver.bash");
    Files.writeString(driver, String.join("\n",
        "source " + script,
        "compopt() { :; }   # only a real completion may call it",
        "c() { COMP_LINE=\"$1\"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< \"$1\"; [[ \"$1\" == *' ' ]] && COMP_WORDS+=('');",
        "  COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _complete_appreg appreg \"${COMP_WORDS[COMP_CWORD]}\";",
        "  echo \"[$1] ${COMPREPLY[*]}\"; }",
        "c 'appreg pl'", "c 'appreg plan --clo'", "c 'appreg init --profile '", "c 'appreg completion '",
        "c 'appreg plan --cloud '", "c 'appreg audit -o '", "complete -p appreg", ""));
    String out = shell("bash", "--norc", "--noprofile", driver.toString());
    assertTrue(out.contains("[appreg pl] plan\n"), out);
    assertTrue(out.contains("[appreg plan --clo] --cloud\n"), out);
    assertTrue(out.contains("[appreg init --profile ] partner-referrals partner-insights entra-reporting\n"), out);
    assertTrue(out.contains("[appreg completion ] bash zsh fish\n"), out);
    assertTrue(out.contains("[appreg plan --cloud ] global usgov usgov-dod china\n"), out);
    assertTrue(out.contains("[appreg audit -o ] text json csv sarif html\n"), out);
    assertTrue(out.contains("complete -o default -F _complete_appreg appreg"), out);
  }

  @Test
  void zshLoadsTheScriptThroughBashcompinit() throws Exception {
    Path script = script("zsh");
    Path driver = dir.resolve("driver.zsh");
    // zsh filters the candidates itself when completing for real; here the function's answer must contain them
    Files.writeString(driver, String.join("\n",
        "source " + script,
        "print -r -- \"registered: ${_comps[appreg]}\"",
        "c() { setopt localoptions ksharrays; local -a COMP_WORDS COMPREPLY; COMP_LINE=\"$1\"; COMP_POINT=${#COMP_LINE};",
        "  COMP_WORDS=(${=1}); [[ \"$1\" == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$((${#COMP_WORDS[@]}-1));",
        "  _complete_appreg appreg \"${COMP_WORDS[COMP_CWORD]}\" 2>/dev/null; print -r -- \"[$1] ${COMPREPLY[*]}\"; }",
        "c 'appreg pl'", "c 'appreg init --profile '", ""));
    String out = shell("zsh", "-f", driver.toString());
    assertTrue(out.contains("registered: _bash_complete -F _complete_appreg"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("[appreg pl] ") && l.contains(" plan ")), out);
    assertTrue(out.contains("[appreg init --profile ] partner-referrals partner-insights entra-reporting"), out);
  }

  @Test
  void fishCompletesCommandsOptionsAndProfiles() throws Exception {
    Path script = script("fish");
    String out = shell("fish", "--no-config", "-c", "source " + script + "; "
        + "complete -C 'appreg pl'; echo ==; complete -C 'appreg plan --clo'; echo ==; "
        + "complete -C 'appreg init --profile '; echo ==; complete -C 'appreg completion '");
    String[] answers = out.split("==\n");
    assertEquals(4, answers.length, out);
    assertTrue(answers[0].startsWith("plan\t"), out);
    assertTrue(answers[1].startsWith("--cloud\t"), out);
    assertEquals(List.of("entra-reporting", "partner-insights", "partner-referrals"),
        answers[2].lines().map(l -> l.split("\t")[0]).toList(), out);
    assertEquals(List.of("bash", "fish", "zsh"), answers[3].lines().toList(), out);
  }

  @Test
  void anotherShellIsAUsageError() {
    CliRun run = CliRun.run(dir, "completion", "tcsh");
    assertEquals(64, run.exitCode(), run::toString);
    assertTrue(run.stderr().startsWith("error: 'tcsh' is not a shell appreg completes; use bash, zsh or fish"), run::toString);
    assertEquals("", run.stdout());
  }
}
