package appreg.provisioning.secret;

import java.time.Instant;

/** A client secret just issued by Graph's addPassword: safe to log as a whole, the text prints as (sensitive). */
public record IssuedSecret(String keyId, String displayName, String hint, Instant startsOn, Instant expiresOn, Sensitive value) {}
