package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import java.util.List;
import java.util.stream.Collectors;

/** More than {@value #MAX} unexpired client secrets: one in use plus one rotation overlap is enough. */
public final class TooManyActiveSecrets implements RegistrationRule {
  static final int MAX = 2;
  private static final Description D = new Description("too-many-active-secrets", Severity.LOW,
      "More than " + MAX + " unexpired client secrets",
      "Each extra secret is another copy that can leak, and nobody knows which ones are still in use.",
      "Find which secret the app uses (sign-in logs show the credential key id), remove the others.",
      "https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration (credential hygiene)");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration r, Consumer<Finding> out) {
    List<Credential> live = r.credentials().stream()
        .filter(x -> x.kind() == Credential.Kind.SECRET && !x.expiredAt(r.now())).toList();
    if (live.size() <= MAX) return;
    out.accept(finding(r.subject(), live.size() + " unexpired client secrets (at most " + MAX + " expected)",
        Rule.details("secrets", Integer.toString(live.size()),
            "keyIds", live.stream().map(Credential::keyId).collect(Collectors.joining(" ")))));
  }
}
