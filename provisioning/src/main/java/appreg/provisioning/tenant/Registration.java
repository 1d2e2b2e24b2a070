package appreg.provisioning.tenant;

import java.time.Instant;
import java.util.List;

/**
 * An application object (app registration) as appreg reads it. {@code uniqueName} is null for registrations made
 * without one (most made in the portal); {@code instanceLockEnabled} is {@code servicePrincipalLockConfiguration.isEnabled}.
 * {@code federatedCredentials} are read with the registration ({@code $expand=federatedIdentityCredentials}) where
 * appreg needs them: for the registrations a manifest keys, and for audit.
 */
public record Registration(
    ObjectId id,
    AppId appId,
    String displayName,
    String uniqueName,
    String signInAudience,
    List<String> webRedirectUris,
    List<String> spaRedirectUris,
    List<String> publicClientRedirectUris,
    boolean implicitAccessTokenIssuance,
    boolean implicitIdTokenIssuance,
    boolean fallbackPublicClient,
    boolean instanceLockEnabled,
    List<RequiredResource> requiredResourceAccess,
    List<PasswordCredential> passwordCredentials,
    List<KeyCredential> keyCredentials,
    List<String> tags,
    Instant createdDateTime,
    List<FederatedCredential> federatedCredentials) {

  /**
   * Tag appreg writes next to uniqueName, so that a keyed registration can also be found with a documented
   * {@code $filter=tags/any(...)} and so that admins see in the portal that appreg manages it.
   */
  public static final String KEY_TAG_PREFIX = "appreg:key=";

  /**
   * Tag a registration carries from just before appreg asks Graph for a new secret until that secret is delivered:
   * a secret that starts after the instant in the tag and was never delivered is found and revoked by the next run,
   * whichever machine it runs on.
   */
  public static final String PENDING_SECRET_TAG_PREFIX = "appreg:pending-secret=";

  /**
   * The same for a certificate appreg makes: set just before the certificate is registered, cleared once its private
   * key is in the secret directory, so that a certificate whose key never arrived is found and removed by the next run.
   */
  public static final String PENDING_CERTIFICATE_TAG_PREFIX = "appreg:pending-certificate=";

  /** The instant in this registration's pending-secret tag, if it has one. */
  public java.util.Optional<Instant> pendingSecretSince() {
    return tagInstant(PENDING_SECRET_TAG_PREFIX);
  }

  /** The instant in this registration's pending-certificate tag, if it has one. */
  public java.util.Optional<Instant> pendingCertificateSince() {
    return tagInstant(PENDING_CERTIFICATE_TAG_PREFIX);
  }

  private java.util.Optional<Instant> tagInstant(String prefix) {
    return tags.stream().filter(t -> t.startsWith(prefix)).findFirst().map(t -> {
      try {
        return Instant.parse(t.substring(prefix.length()));
      } catch (java.time.format.DateTimeParseException e) {
        return Instant.EPOCH;
      }
    });
  }

  public boolean carriesKey(String key) {
    return key.equals(uniqueName) || tags.contains(KEY_TAG_PREFIX + key);
  }

  public Registration {
    java.util.Objects.requireNonNull(id, "id");
    java.util.Objects.requireNonNull(appId, "appId");
    displayName = displayName == null ? "" : displayName;
    webRedirectUris = List.copyOf(webRedirectUris);
    spaRedirectUris = List.copyOf(spaRedirectUris);
    publicClientRedirectUris = List.copyOf(publicClientRedirectUris);
    requiredResourceAccess = List.copyOf(requiredResourceAccess);
    passwordCredentials = List.copyOf(passwordCredentials);
    keyCredentials = List.copyOf(keyCredentials);
    tags = List.copyOf(tags);
    federatedCredentials = federatedCredentials == null ? List.of() : List.copyOf(federatedCredentials);
  }

  /** The same registration with its federated credentials, read apart from it. */
  public Registration withFederatedCredentials(List<FederatedCredential> credentials) {
    return new Registration(id, appId, displayName, uniqueName, signInAudience, webRedirectUris, spaRedirectUris,
        publicClientRedirectUris, implicitAccessTokenIssuance, implicitIdTokenIssuance, fallbackPublicClient,
        instanceLockEnabled, requiredResourceAccess, passwordCredentials, keyCredentials, tags, createdDateTime, credentials);
  }

  /** A registration read without its federated credentials. */
  public Registration(ObjectId id, AppId appId, String displayName, String uniqueName, String signInAudience,
                      List<String> webRedirectUris, List<String> spaRedirectUris, List<String> publicClientRedirectUris,
                      boolean implicitAccessTokenIssuance, boolean implicitIdTokenIssuance, boolean fallbackPublicClient,
                      boolean instanceLockEnabled, List<RequiredResource> requiredResourceAccess,
                      List<PasswordCredential> passwordCredentials, List<KeyCredential> keyCredentials, List<String> tags,
                      Instant createdDateTime) {
    this(id, appId, displayName, uniqueName, signInAudience, webRedirectUris, spaRedirectUris, publicClientRedirectUris,
        implicitAccessTokenIssuance, implicitIdTokenIssuance, fallbackPublicClient, instanceLockEnabled,
        requiredResourceAccess, passwordCredentials, keyCredentials, tags, createdDateTime, List.of());
  }
}
