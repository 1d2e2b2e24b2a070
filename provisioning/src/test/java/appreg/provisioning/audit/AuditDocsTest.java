package appreg.provisioning.audit;

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
}
