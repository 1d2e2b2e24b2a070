package appreg.provisioning.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What apply did: each step done, failed or not attempted, and the settings gathered per application. */
public record ApplyReport(List<Outcome> outcomes, Map<String, Settings> settings) {
  public ApplyReport {
    outcomes = List.copyOf(outcomes);
    settings = Map.copyOf(settings);
  }

  public enum Status { DONE, FAILED, NOT_ATTEMPTED, MANUAL }

  public record Outcome(Step step, Status status, String note) {}

  /**
   * What a person copies into Partner Center or a pipeline: never the secret itself. {@code secretDeliveredTo} is
   * empty when no secret was issued by this run. {@code certificate} is null when the manifest declares none.
   */
  public record Settings(String key, String tenantId, String primaryDomain, String clientId, String objectId,
                         String servicePrincipalId, String secretKeyId, Instant secretExpiresOn, String secretDeliveredTo,
                         CertificateSettings certificate, List<FederatedSettings> federatedCredentials) {
    public Settings {
      federatedCredentials = federatedCredentials == null ? List.of() : List.copyOf(federatedCredentials);
    }

    public Settings(String key, String tenantId, String primaryDomain, String clientId, String objectId,
                    String servicePrincipalId, String secretKeyId, Instant secretExpiresOn, String secretDeliveredTo) {
      this(key, tenantId, primaryDomain, clientId, objectId, servicePrincipalId, secretKeyId, secretExpiresOn,
          secretDeliveredTo, null, List.of());
    }
  }

  /**
   * The certificate an application signs in with: thumbprints as Entra shows them (SHA-1 upper-case hex, and SHA-256;
   * empty when not known), its expiry, and where its private key was delivered ({@code files} empty when the key is
   * the user's own, or was not delivered by this run). {@code source}: "generated" or the manifest's file path.
   */
  public record CertificateSettings(String keyId, String sha1Thumbprint, String sha256Thumbprint, Instant expiresOn,
                                    String source, String files) {}

  /**
   * A federated credential exactly as Entra matches it, and for the GitHub shorthand the {@code azure/login} inputs
   * (client-id, tenant-id) and the repository and trust it names; {@code githubRepo} empty otherwise.
   */
  public record FederatedSettings(String name, String issuer, String subject, List<String> audiences, String githubRepo,
                                  String githubTrust) {
    public FederatedSettings {
      audiences = List.copyOf(audiences);
    }
  }

  public boolean changedAnything() {
    return outcomes.stream().anyMatch(o -> o.status() == Status.DONE);
  }

  public List<Outcome> with(Status status) {
    List<Outcome> out = new ArrayList<>();
    for (Outcome o : outcomes) if (o.status() == status) out.add(o);
    return out;
  }
}
