package appreg.provisioning.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.audit.rules.Rules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/audit.md documents every rule the code runs, with its current severity and title. */
class AuditDocsTest {
  @Test
  void everyRuleHasItsSection() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "audit.md"));
    for (Rule rule : Rules.all()) {
      var d = rule.description();
      String section = "### `" + d.id() + "`\n\n**Severity:** " + d.severity().id() + " · **" + d.title() + "**";
      assertTrue(doc.contains(section), "docs/audit.md lacks or misstates " + d.id());
      assertTrue(doc.contains(d.fix()), "docs/audit.md has an old fix for " + d.id());
      int start = doc.indexOf(section);
      String body = doc.substring(start, doc.indexOf("\n### ", start + section.length()));
      if (rule.needs().isEmpty()) {
        assertFalse(body.contains("**Not evaluated**"), "docs/audit.md says " + d.id() + " needs a part it does not read");
      } else {
        String parts = String.join(" or ", rule.needs().stream().sorted().map(p -> "`" + p.id() + "`").toList());
        assertTrue(body.contains("- **Not evaluated** when Graph refuses " + parts + " ("),
            "docs/audit.md misstates what " + d.id() + " needs: " + parts);
      }
    }
  }

  /** "Judged as it is read" lists the rules that judge a registration on arrival, and tabulates the others. */
  @Test
  void sayWhichRulesAreJudgedAsTheTenantIsRead() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "audit.md"));
    int start = doc.indexOf("### Judged as it is read");
    String section = doc.substring(start, doc.indexOf("\n## ", start));
    String onArrival = section.substring(section.indexOf("- **A registration**"), section.indexOf("- **A service principal**"));
    String table = section.substring(section.indexOf("| rule | relates |"));
    for (Rule rule : Rules.all()) {
      String id = "`" + rule.id() + "`";
      boolean registration = rule instanceof RegistrationRule;
      assertEquals(registration, onArrival.contains(id), rule.id() + (registration ? " is" : " is not") + " judged on arrival");
      assertEquals(!registration, table.contains(id), rule.id() + (registration ? " is not" : " is") + " judged at the end");
    }
  }
}
