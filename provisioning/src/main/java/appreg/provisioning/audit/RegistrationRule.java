package appreg.provisioning.audit;

import java.util.function.Consumer;

/**
 * A rule about one registration on its own (its credentials, redirect URIs, audience, flags), judged as the
 * registration is read, with every field Graph returned; it sees nothing else of the tenant, which may not have been
 * read yet. Such a rule needs no optional part of the tenant.
 */
public non-sealed interface RegistrationRule extends Rule {
  void check(AuditedRegistration registration, Consumer<Finding> findings);
}
