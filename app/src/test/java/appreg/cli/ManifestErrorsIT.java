package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import appreg.provisioning.ManifestException;
import appreg.provisioning.manifest.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed manifests (faults B1-B4, B6) as a user meets them: exit 65 and "error: FILE:LINE:COLUMN: problem" on
 * stderr, nothing on stdout. The full list of rules is in ManifestErrorCasesTest; these are the ones a user is most
 * likely to hit, in files.
 */
class ManifestErrorsIT {
  @TempDir Path dir;

  static Stream<Arguments> manifests() {
    return Stream.of(
        Arguments.of("tab.yaml", "applications:\n  - key: a\n\tdisplayName: A\n",
            "3:1: a tab character is used for indentation; YAML indents with spaces only"),
        Arguments.of("bracket.yaml", "applications:\n  - key: a\n    displayName: A\n    web:\n      redirectUris: [https://localhost\n",
            "6:1: unclosed '[' (opened at line 5, column 21): expected ',' or ']', but found the end of the file"),
        Arguments.of("comma.json", "{\"applications\": [{\"key\": \"a\", \"displayName\": \"A\",}]}",
            "1:51: invalid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name"),
        Arguments.of("unknown.yaml", "applications:\n  - key: a\n    displayName: A\n    web:\n      redirectUri: [https://localhost]\n",
            "5:7: unknown field 'redirectUri' in web; did you mean 'redirectUris'?"),
        Arguments.of("nokey.yaml", "applications:\n  - displayName: A\n",
            "2:5: application has no 'key'; give it a stable key such as 'partner-referrals' (it becomes the registration's uniqueName in the tenant)"),
        Arguments.of("dupkey.yaml", "applications:\n  - key: a\n    displayName: A\n  - key: a\n    displayName: B\n",
            "4:10: key 'a' is used twice (first at line 2, column 10); each application needs its own key"),
        Arguments.of("noname.yaml", "applications:\n  - key: a\n    displayName: \"\"\n",
            "3:18: application 'a' has no 'displayName'; it is required unless 'appId' adopts an existing registration"),
        Arguments.of("lifetime.yaml", "applications:\n  - key: a\n    displayName: A\n    secret: {lifetimeDays: 731}\n",
            "4:28: lifetimeDays 731 is out of range; a secret lives 1 to 730 days"),
        Arguments.of("rotate.yaml", "applications:\n  - key: a\n    displayName: A\n    secret: {lifetimeDays: 30, rotateWithinDays: 30}\n",
            "4:50: rotateWithinDays 30 must be below lifetimeDays 30, or every run would issue a new secret"),
        Arguments.of("audience.yaml", "applications:\n  - key: a\n    displayName: A\n    signInAudience: AzureADMultipleOrg\n",
            "4:21: unknown signInAudience 'AzureADMultipleOrg'; did you mean 'AzureADMultipleOrgs'?"),
        Arguments.of("soon.yaml", "applications:\n  - key: a\n    displayName: A\n    secret:\n      lifetimeDays: soon\n",
            "5:21: 'lifetimeDays' must be a whole number of days, not the text 'soon'"),
        Arguments.of("scope.yaml", "applications:\n  - key: a\n    displayName: A\n    permissions:\n      - api: Microsoft Partner\n        application: [user_impersonation]\n",
            "6:23: 'user_impersonation' is a delegated permission (a scope); Microsoft Partner offers no application permissions: list it under 'delegated', not 'application'"),
        Arguments.of("bomb.yaml", bomb(),
            "6:8: YAML aliases expand to more than 100000 values (an alias bomb?); write the values out instead"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  void theReaderNamesFileLineAndColumnAndTheCliMapsItTo65(String name, String text, String expected) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(file));
    assertEquals(file + ":" + expected, e.getMessage());
    assertEquals(65, Failures.exitCode(e));
  }

  /**
   * Through a command that reads {@code -f}. plan is another engineer's: until it reads manifests this is skipped,
   * and then it must pass unchanged.
   */
  @ParameterizedTest(name = "plan -f {0}")
  @MethodSource("manifests")
  void planExits65WithThePlaceOnStderr(String name, String text, String expected) throws Exception {
    Files.writeString(dir.resolve(name), text);
    CliRun r = CliRun.run(dir, "plan", "-f", name, "--sandbox");
    assumeTrue(!r.stderr().contains("Unknown option") && !r.stderr().contains("not implemented yet"),
        "plan does not read manifests yet");
    assertEquals(65, r.exitCode(), r.toString());
    assertTrue(r.stderr().contains(name + ":" + expected), r.stderr());
    assertEquals("", r.stdout());
  }

  private static String bomb() {
    StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      y.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) y.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
      y.append("]\n");
    }
    return y.append("applications:\n  - key: bomb\n    displayName: *i\n").toString();
  }
}
