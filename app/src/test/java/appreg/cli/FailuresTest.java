package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A command line that did not parse still tells whether it asked for JSON, so the error can be one JSON document. */
class FailuresTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "plan --format json --bad|true",
      "plan --format JSON --bad|true",
      "plan --format=json --bad|true",
      "-o json plan --bad|true",
      "plan -o=json|true",
      "plan -ojson|true",
      "plan -vo json|true",
      "plan --format text --bad|false",
      "audit --format sarif|false",
      "plan --format|false",
      "plan -- --format json|false",
      "plan -f json|false"})
  void jsonIsRequestedAsPicocliWouldReadIt(String line, boolean json) {
    assertEquals(json, Failures.jsonRequested(line.split(" ")));
  }
}
