package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Severity;

/** An unexpired certificate credential is valid for more than {@value #MAX_DAYS} days. */
public final class CertificateLifetimeTooLong implements RegistrationRule {
  static final int MAX_DAYS = 365;
  private static final Description D = new Description("certificate-lifetime-too-long", Severity.LOW,
      "Certificate valid for more than " + MAX_DAYS + " days",
      "A private key that leaks stays usable until the certificate expires; a year is the usual upper bound.",
      "Upload a certificate valid for at most a year, then remove the long-lived one; enforce with an app management policy (asymmetricKeyLifetime).",
      "cisagov/ScubaGear baselines/aad.md MS.AAD.5.7v1; maester365/maester PR #2130 (MT.1198)");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration r, Consumer<Finding> out) {
    SecretLifetimeTooLong.LongLived.check(this, r, Credential.Kind.CERTIFICATE, MAX_DAYS, out);
  }
}
