package appreg.provisioning.audit;

import appreg.provisioning.tenant.Registration;
import java.util.List;
import java.util.Optional;

/**
 * What a manifest intends, as the audit needs it: one entry per declared registration key. The audit uses it to check
 * declared registrations for drift and to judge consent against what was meant rather than what the registration
 * happens to request. {@link #NONE} when no manifest is given. Built from a manifest by the CLI (see
 * {@code ManifestIntent}); kept free of manifest types so the audit stays a function of plain records.
 */
public interface Intent {
  Intent NONE = List::of;

  List<IntendedRegistration> registrations();

  /** The declaration that governs a registration: the one whose key is its {@code uniqueName}, else whose appId is its appId. */
  default Optional<IntendedRegistration> forRegistration(Registration r) {
    for (IntendedRegistration i : registrations()) {
      if (r.uniqueName() != null && r.uniqueName().equals(i.key())) return Optional.of(i);
    }
    for (IntendedRegistration i : registrations()) {
      if (i.appId() != null && i.appId().equals(r.appId())) return Optional.of(i);
    }
    return Optional.empty();
  }

  default boolean isEmpty() {
    return registrations().isEmpty();
  }
}
