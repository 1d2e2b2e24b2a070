package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.audit.Subject;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.TenantPart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The same issuer and subject trusted by more than one federated credential: the one workload signs in as each of
 * those registrations. Graph refuses a second credential with the same issuer and subject on one application, so in
 * practice these are on different registrations. One finding per credential involved, naming the others.
 */
public final class FederatedCredentialSharedSubject implements TenantRule {
  private static final Description D = new Description("federated-credential-shared-subject", Severity.LOW,
      "Same federated subject trusted more than once",
      "One workload (a pipeline, a service account) that can sign in as several registrations holds the union of their "
          + "permissions, and a compromise of it reaches all of them; nobody can tell from the registration alone.",
      "Give each registration its own subject (a GitHub environment or service account per app), or merge the "
          + "registrations if they are one app.",
      "microsoft-graph-docs-contrib api-reference/v1.0/resources/federatedidentitycredential.md (issuer and subject "
          + "unique within the app, nothing across apps); least privilege per workload");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.FEDERATED_CREDENTIALS); }

  private record Holder(Subject subject, FederatedCredential credential) {}

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    Map<List<String>, List<Holder>> bySubject = new HashMap<>();
    for (CompactRegistration r : c.registrations()) {
      for (FederatedCredential f : c.federatedCredentials(r)) {
        bySubject.computeIfAbsent(List.of(f.issuer(), f.subject()), k -> new ArrayList<>(1)).add(new Holder(r.subject(), f));
      }
    }
    for (List<Holder> holders : bySubject.values()) {
      if (holders.size() < 2) continue;
      for (Holder h : holders) {
        List<String> others = new ArrayList<>();
        for (Holder o : holders) if (o != h) others.add(o.subject().label() + " ('" + o.credential().name() + "')");
        Map<String, String> details = new LinkedHashMap<>(FederatedCredentials.details(h.credential()));
        details.put("credentials", Integer.toString(holders.size()));
        String named = others.size() <= 3 ? String.join(", ", others)
            : String.join(", ", others.subList(0, 3)) + " and " + (others.size() - 3) + " more";
        out.accept(finding(h.subject(), FederatedCredentials.describe(h.credential()) + " is also trusted by " + named, details));
      }
    }
  }
}
