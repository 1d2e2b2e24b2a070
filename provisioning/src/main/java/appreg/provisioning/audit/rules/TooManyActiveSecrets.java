package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** More than {@value #MAX} unexpired client secrets: one in use plus one rotation overlap is enough. */
public final class TooManyActiveSecrets implements Rule {
  static final int MAX = 2;
  private static final Description D = new Description("too-many-active-secrets", Severity.LOW,
      "More than " + MAX + " unexpired client secrets",
      "Each extra secret is another copy that can leak, and nobody knows which ones are still in use.",
      "Find which secret the app uses (sign-in logs show the credential key id), remove the others.",
      "https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration (credential hygiene)");

  @Override public Description description() { return D; }

  @Override
  public List<Finding> check(AuditContext c) {
    List<Finding> out = new ArrayList<>();
    for (Registration r : c.tenant().registrations()) {
      List<Credential> live = Credential.of(r).stream()
          .filter(x -> x.kind() == Credential.Kind.SECRET && !x.expiredAt(c.now())).toList();
      if (live.size() <= MAX) continue;
      out.add(finding(c.subject(r), live.size() + " unexpired client secrets (at most " + MAX + " expected)",
          Rule.details("secrets", Integer.toString(live.size()),
              "keyIds", live.stream().map(Credential::keyId).collect(Collectors.joining(" ")))));
    }
    return out;
  }
}
