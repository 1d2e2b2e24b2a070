package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;

/** The registration signs in with a client secret (at least one unexpired password credential). */
public final class UsesClientSecret implements RegistrationRule {
  private static final Description D = new Description("uses-client-secret", Severity.LOW,
      "Signs in with a client secret",
      "A secret is a password that can be copied from wherever it is stored; certificates and federated credentials "
          + "(workload identity federation, managed identity) cannot be replayed that way.",
      "Where the platform allows it, switch to a certificate or a federated identity credential and remove the secret.",
      "cisagov/ScubaGear MS.AAD.5.5v1 (rationale); maester MT.1057; https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration r, Consumer<Finding> out) {
    long secrets = r.credentials().stream().filter(x -> x.kind() == Credential.Kind.SECRET && !x.expiredAt(r.now())).count();
    if (secrets == 0) return;
    out.accept(finding(r.subject(), secrets + " unexpired client secret" + (secrets == 1 ? "" : "s"),
        Rule.details("secrets", Long.toString(secrets))));
  }
}
