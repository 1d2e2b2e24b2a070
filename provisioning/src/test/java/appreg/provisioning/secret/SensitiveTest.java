package appreg.provisioning.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SensitiveTest {
  private static final String TEXT = "Zq8~s3cr3t-T3xt-that-must-never-leak";

  /** What a default mapper writes, or why it refused: either way, never the secret. */
  private static String jackson(Object value) {
    try {
      return new ObjectMapper().findAndRegisterModules().writeValueAsString(value);
    } catch (Exception refused) {
      return "refused: " + refused.getMessage();
    }
  }

  @Test
  void itPrintsAsSensitive() {
    assertEquals("(sensitive)", new Sensitive(TEXT).toString());
    assertEquals("x (sensitive)", "x " + new Sensitive(TEXT));
  }

  @Test
  void recordsHoldingItPrintWithoutIt() {
    IssuedSecret s = new IssuedSecret("key-1", "appreg", "Zq8", Instant.EPOCH, Instant.EPOCH, new Sensitive(TEXT));
    SecretDelivery d = new SecretDelivery("k", "t", "c", s);
    assertFalse(s.toString().contains(TEXT), s.toString());
    assertFalse(d.toString().contains(TEXT), d.toString());
    assertTrue(s.toString().contains("key-1"));
  }

  @Test
  void aDefaultJacksonMapperRefusesIt() {
    String out = jackson(new Sensitive(TEXT));
    assertTrue(out.startsWith("refused: No serializer found for class appreg.provisioning.secret.Sensitive"), out);
    assertFalse(out.contains(TEXT));
  }

  @Test
  void aDefaultJacksonMapperWritesNoSecretFromRecordsHoldingIt() {
    IssuedSecret s = new IssuedSecret("key-1", "appreg", "Zq8", Instant.EPOCH, Instant.EPOCH, new Sensitive(TEXT));
    assertFalse(jackson(s).contains(TEXT), jackson(s));
    assertFalse(jackson(new SecretDelivery("k", "t", "c", s)).contains(TEXT));
  }

  @Test
  void occursInFindsItWithoutRevealingIt() {
    Sensitive s = new Sensitive(TEXT);
    assertTrue(s.occursIn("log line " + TEXT + " end"));
    assertFalse(s.occursIn("log line (sensitive) end"));
    assertFalse(s.occursIn(null));
    assertFalse(new Sensitive("").occursIn("anything"));
  }

  @Test
  void equalityIsByValueSoTestsCanCompareWithoutReading() {
    assertEquals(new Sensitive(TEXT), new Sensitive(TEXT));
    assertFalse(new Sensitive(TEXT).equals(new Sensitive("other")));
  }
}
