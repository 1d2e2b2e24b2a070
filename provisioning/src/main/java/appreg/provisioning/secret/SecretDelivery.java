package appreg.provisioning.secret;

/** What is handed over with a new secret: enough to sign in as the application. */
public record SecretDelivery(String key, String tenantId, String clientId, IssuedSecret secret) {}
