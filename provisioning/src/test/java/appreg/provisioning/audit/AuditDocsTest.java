package appreg.provisioning.audit;

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
    }
  }
}
