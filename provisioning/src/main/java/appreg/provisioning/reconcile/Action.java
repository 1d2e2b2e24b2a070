package appreg.provisioning.reconcile;

import appreg.provisioning.certificate.CertificateInfo;
import appreg.provisioning.manifest.CertificateSpec;
import appreg.provisioning.manifest.FederatedCredentialSpec;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.RegistrationPatch;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What apply will do, one closed set. Actions name objects by manifest key and appId rather than by object id where
 * the object may not exist yet when the plan is made (the application's own service principal, for example); the
 * {@link Applier} resolves them as it goes.
 */
public sealed interface Action {
  /** The "action" text of plan output. */
  String describe();

  /** The manifest key of the registration this action is for (every record names it first). */
  String key();

  /** Creates the registration with the key as uniqueName (Graph upsert), holding the desired properties. */
  record CreateRegistration(String key, RegistrationPatch change) implements Action {
    public String describe() {
      return "create registration '" + change.displayName() + "' with uniqueName '" + key + "'";
    }
  }

  /** Gives an existing registration (named by appId in the manifest) the key, and the desired properties. */
  record AdoptRegistration(String key, ObjectId id, AppId appId, RegistrationPatch change) implements Action {
    public String describe() {
      return "adopt registration " + appId + " and set its uniqueName to '" + key + "'";
    }
  }

  /** Patches exactly the properties that differ. */
  record UpdateRegistration(String key, ObjectId id, RegistrationPatch change) implements Action {
    public String describe() {
      return "update " + String.join(", ", change.changedProperties());
    }
  }

  /** Instantiates an application in this tenant: an API's (Microsoft Partner) or the registration's own. */
  record CreateServicePrincipal(String key, AppId appId, String label) implements Action {
    public String describe() {
      return "create service principal for " + label + (appId == null ? "" : " (" + appId + ")");
    }
  }

  /** Makes the one AllPrincipals grant of the client to the API hold exactly {@code scopes}. */
  record GrantAdminConsent(String key, AppId resourceAppId, String api, String existingGrantId, Set<String> scopes)
      implements Action {
    public GrantAdminConsent {
      scopes = Set.copyOf(new java.util.TreeSet<>(scopes));
    }

    public String describe() {
      return (existingGrantId == null ? "grant" : "set") + " admin consent for " + api + ": "
          + String.join(" ", new java.util.TreeSet<>(scopes));
    }
  }

  /** Deletes the AllPrincipals grant of the client to an API the manifest no longer names. */
  record RevokeAdminConsent(String key, String grantId, String api, Set<String> scopes) implements Action {
    public String describe() {
      return "revoke admin consent for " + api + ": " + String.join(" ", new java.util.TreeSet<>(scopes));
    }
  }

  /** Consents to one application permission: an app role assignment to the client's service principal. */
  record AssignAppRole(String key, AppId resourceAppId, String api, String appRoleId, String permission) implements Action {
    public String describe() {
      return "grant admin consent for " + api + " application permission " + permission;
    }
  }

  /** Removes an application permission consented out of band. */
  record RevokeAppRole(String key, ObjectId clientSp, String assignmentId, String api, String permission) implements Action {
    public String describe() {
      return "revoke " + api + " application permission " + permission;
    }
  }

  /** Issues a client secret and delivers it; then removes expired ones (and older ones with --prune-secrets). */
  record IssueSecret(String key, String displayName, int lifetimeDays, List<String> expiredKeyIds) implements Action {
    public IssueSecret {
      expiredKeyIds = List.copyOf(expiredKeyIds);
    }

    public String describe() {
      return "issue a client secret '" + displayName + "' valid " + lifetimeDays + " days"
          + (expiredKeyIds.isEmpty() ? "" : ", then remove " + expiredKeyIds.size() + " expired");
    }
  }

  /** Revokes a secret this tool issued but never delivered (a run that stopped in between). */
  record RevokeSecret(String key, ObjectId application, String keyId, String reason) implements Action {
    public String describe() {
      return "remove secret " + keyId + " (" + reason + ")";
    }
  }

  /**
   * Makes a certificate ({@code generate}), registers its public part and delivers its private key to the secret
   * directory; then removes expired ones (and, with --prune-secrets, older ones) named {@code displayName}.
   */
  record GenerateCertificate(String key, String displayName, CertificateSpec.Generate generate, List<String> expiredKeyIds)
      implements Action {
    public GenerateCertificate {
      expiredKeyIds = List.copyOf(expiredKeyIds);
    }

    public String describe() {
      return "make a certificate '" + displayName + "' (" + generate.keyDescription() + ", valid " + generate.lifetimeDays()
          + " days), register it and deliver its private key" + (expiredKeyIds.isEmpty() ? ""
          : ", then remove " + expiredKeyIds.size() + " expired");
    }
  }

  /** Registers the user's public certificate from the manifest's {@code file}; then removes expired ones. */
  record RegisterCertificate(String key, String displayName, String file, CertificateInfo certificate, List<String> expiredKeyIds)
      implements Action {
    public RegisterCertificate {
      expiredKeyIds = List.copyOf(expiredKeyIds);
    }

    public String describe() {
      return "register certificate " + certificate.sha1Thumbprint() + " from " + file + " as '" + displayName + "'"
          + (expiredKeyIds.isEmpty() ? "" : ", then remove " + expiredKeyIds.size() + " expired");
    }
  }

  /** Removes a certificate credential: expired, or made by an interrupted run whose private key never arrived. */
  record RemoveCertificate(String key, ObjectId application, String keyId, String reason) implements Action {
    public String describe() {
      return "remove certificate " + keyId + " (" + reason + ")";
    }
  }

  /** Creates a federated identity credential as the manifest declares it. */
  record AddFederatedCredential(String key, FederatedCredentialSpec credential) implements Action {
    public String describe() {
      return "add federated credential '" + credential.name() + "' trusting " + credential.subject() + " from "
          + credential.issuer();
    }
  }

  /** Sets a federated credential's issuer, subject, audiences (and description) as declared; addressed by name. */
  record UpdateFederatedCredential(String key, ObjectId application, FederatedCredentialSpec credential, List<String> changed)
      implements Action {
    public UpdateFederatedCredential {
      changed = List.copyOf(changed);
    }

    public String describe() {
      return "update federated credential '" + credential.name() + "': " + String.join(", ", changed);
    }
  }

  /** Assigns a directory role tenant-wide. {@code principal} null means the registration's own service principal. */
  record AssignRole(String key, String roleDefinitionId, String role, ObjectId principal, String assignee) implements Action {
    public String describe() {
      return "assign directory role " + role + " to " + assignee;
    }
  }

  /** Adds an owner (a user or service principal) to the registration; owners it has already stay. */
  record AddOwner(String key, ObjectId owner, String label) implements Action {
    public String describe() {
      return "add owner " + label;
    }
  }

  // ---- delete: a destroy plan removes what carries the keys, dependents first

  /** Removes a directory role assignment held by the registration's service principal. */
  record RemoveRoleAssignment(String key, String assignmentId, String role, ObjectId principal) implements Action {
    public String describe() {
      return "remove directory role " + role + " from the service principal";
    }
  }

  /** Deletes the registration's service principal (soft: Entra keeps it 30 days in deleted items). */
  record DeleteServicePrincipal(String key, ObjectId id, String displayName) implements Action {
    public String describe() {
      return "delete service principal '" + displayName + "' (" + id + ")";
    }
  }

  /** Removes the secret file apply delivered for the key, when it holds this registration's secret. */
  record DeleteSecretFile(String key, String path) implements Action {
    public String describe() {
      return "remove secret file " + path;
    }
  }

  /** Deletes the registration (soft: Entra keeps it 30 days in deleted items, from where it can be restored). */
  record DeleteRegistration(String key, ObjectId id, AppId appId, String displayName) implements Action {
    public String describe() {
      return "delete registration '" + displayName + "' (appId " + appId + ")";
    }
  }

  /** Permanently deletes a soft-deleted application or service principal: it can no longer be restored. */
  record PurgeDeleted(String key, ObjectId id, String what) implements Action {
    public String describe() {
      return "permanently delete " + what + " (" + id + ") from deleted items";
    }
  }

  /**
   * Something appreg must not do alone; shown, never run. A blocking one stops apply before any write, because
   * writing would pick one of two registrations that both claim the key.
   */
  record ManualStep(String key, String text, boolean blocksApply) implements Action {
    public ManualStep(String key, String text) {
      this(key, text, false);
    }

    public String describe() {
      return "manual step: " + text;
    }
  }
}
