package appreg.provisioning.audit;

import appreg.provisioning.tenant.Registration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One registration as a {@link RegistrationRule} sees it while the tenant is read: every field, how findings name it,
 * what the manifest declares for it (null when nothing), the audit's {@code now}, and its credentials seen alike.
 */
public record AuditedRegistration(Registration registration, Subject subject, IntendedRegistration declared, Instant now,
                                  List<Credential> credentials) {
  public AuditedRegistration(Registration registration, Subject subject, IntendedRegistration declared, Instant now) {
    this(registration, subject, declared, now, Credential.of(registration));
  }

  public Optional<IntendedRegistration> intended() {
    return Optional.ofNullable(declared);
  }
}
