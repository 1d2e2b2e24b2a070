package appreg.provisioning.sandbox;

import java.util.Random;

/** Placeholder: filled in with the seeding commit. */
final class SyntheticRegistrations {
  private final SimulatedTenant tenant;
  private final Random random;

  SyntheticRegistrations(SimulatedTenant tenant, Random random) {
    this.tenant = tenant;
    this.random = random;
  }

  void add(int count) {
    throw new UnsupportedOperationException("not yet");
  }
}
