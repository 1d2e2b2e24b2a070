package appreg.provisioning.graph;

import appreg.provisioning.secret.Sensitive;

/** A tenant served on this machine (the sandbox): where it listens and the token it accepts. */
public interface LocalTenant extends AutoCloseable {
  /** Base URL ending in {@code /v1.0}, on a loopback address. */
  String baseUrl();

  Sensitive token();

  @Override
  void close();
}
