package appreg.provisioning.tenant;

import java.util.List;

/**
 * A federated identity credential of an application (federatedidentitycredential.md): a token from {@code issuer}
 * with {@code sub} = {@code subject} and an {@code aud} in {@code audiences} signs in as the application. {@code name}
 * is its alternate key; {@code description} may be null.
 */
public record FederatedCredential(String id, String name, String issuer, String subject, List<String> audiences,
                                  String description) {
  public FederatedCredential {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("empty federated credential name");
    issuer = issuer == null ? "" : issuer;
    subject = subject == null ? "" : subject;
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
  }
}
