package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The quoted key of {@code /users('…')}: OData quoting, then what a path may not hold, encoded once. */
class UserKeysTest {
  @Test
  void quotesAreDoubledAndOnlyWhatAPathCannotHoldIsEncoded() {
    assertEquals("$ops@contoso.com", SdkGateway.quotedKey("$ops@contoso.com"));
    assertEquals("$o''brien@contoso.com", SdkGateway.quotedKey("$o'brien@contoso.com"));
    assertEquals("$a_fabrikam.com%23EXT%23@contoso.com", SdkGateway.quotedKey("$a_fabrikam.com#EXT#@contoso.com"));
    assertEquals("$50%25%2Fx%3F@contoso.com", SdkGateway.quotedKey("$50%/x?@contoso.com"));
    assertEquals("$j%C3%B6rg@contoso.com", SdkGateway.quotedKey("$jörg@contoso.com"));
  }
}
