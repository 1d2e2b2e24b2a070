package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;
import java.util.ArrayList;
import java.util.List;

/** The registration signs in with a client secret (at least one unexpired password credential). */
public final class UsesClientSecret implements Rule {
  private static final Description D = new Description("uses-client-secret", Severity.LOW,
      "Signs in with a client secret",
      "A secret is a password that can be copied from wherever it is stored; certificates and federated credentials "
          + "(workload identity federation, managed identity) cannot be replayed that way.",
      "Where the platform allows it, switch to a certificate or a federated identity credential and remove the secret.",
      "cisagov/ScubaGear MS.AAD.5.5v1 (rationale); maester MT.1057; https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration");

  @Override public Description description() { return D; }

  @Override
  public List<Finding> check(AuditContext c) {
    List<Finding> out = new ArrayList<>();
    for (Registration r : c.tenant().registrations()) {
      long secrets = Credential.of(r).stream().filter(x -> x.kind() == Credential.Kind.SECRET && !x.expiredAt(c.now())).count();
      if (secrets == 0) continue;
      out.add(finding(c.subject(r), secrets + " unexpired client secret" + (secrets == 1 ? "" : "s"),
          Rule.details("secrets", Long.toString(secrets))));
    }
    return out;
  }
}
