package appreg.provisioning.graph;

import appreg.provisioning.secret.IssuedSecret;
import appreg.provisioning.secret.Sensitive;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.DeletedItems;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RegistrationPatch;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantQuery;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What appreg asks of a tenant. Implemented over the Graph SDK; the sandbox answers the same Graph calls. Every write
 * converges instead of duplicating: creates that meet an existing object (409, "already exists") return that object.
 * Calls on objects created earlier in the same run wait out Entra's replication delay.
 */
public interface GraphGateway {
  ObservedTenant observe(TenantQuery query);

  /**
   * Calls made on the threads of one group go out together: one round trip ({@code $batch}) for the requests the
   * members make while all of them wait on Graph. The default sends each as it comes.
   */
  default Together together() {
    return Together.NONE;
  }

  /** Creates the registration keyed {@code key} (uniqueName) if missing, else updates it; returns it as stored. */
  Registration upsertRegistration(String key, RegistrationPatch patch);

  /** Patches an existing registration; {@code uniqueName} non-null adopts it under that key. */
  void updateRegistration(ObjectId id, String uniqueName, RegistrationPatch patch);

  ServicePrincipal createServicePrincipal(AppId appId);

  /** Creates the AllPrincipals grant of client to resource, or sets the scopes of the one that exists. */
  DelegatedGrant grantAllPrincipals(ObjectId clientSp, ObjectId resourceSp, Set<String> scopes);

  void updateGrant(String grantId, Set<String> scopes);

  void deleteGrant(String grantId);

  AppRoleAssignment assignAppRole(ObjectId clientSp, ObjectId resourceSp, String appRoleId);

  void removeAppRoleAssignment(ObjectId clientSp, String assignmentId);

  /** Never retried blindly: a secret issued twice is a secret leaked once. */
  IssuedSecret addPassword(ObjectId application, String displayName, Instant endsOn);

  void removePassword(ObjectId application, String keyId);

  List<PasswordCredential> passwordCredentials(ObjectId application);

  void assignDirectoryRole(String roleDefinitionId, ObjectId principal);

  /** Soft-deleted applications whose uniqueName is one of {@code keys}, and their soft-deleted service principals. */
  DeletedItems deletedItems(List<String> keys);

  /** Deletes an application (Entra keeps it 30 days in deleted items); one already gone is fine. */
  void deleteApplication(ObjectId application);

  /** Deletes a service principal (kept 30 days in deleted items); one already gone is fine. */
  void deleteServicePrincipal(ObjectId servicePrincipal);

  /** Removes a directory role assignment; one already gone is fine. */
  void removeDirectoryRoleAssignment(String assignmentId);

  /** Permanently deletes an application or service principal from deleted items; one already gone is fine. */
  void purgeDeleted(ObjectId id);

  /** Adds {@code owner} (a user or service principal) to the application's owners; an owner it already has is fine. */
  void addOwner(ObjectId application, ObjectId owner);

  /**
   * The application's certificate credentials with their certificates: one read with {@code $select=keyCredentials},
   * the only read Graph answers with {@code key} (keycredential.md), needed to write the collection back whole.
   */
  List<KeyCredential> keyCredentials(ObjectId application);

  /** Replaces the application's {@code keyCredentials} collection ({@code PATCH /applications/{id}}). */
  void updateKeyCredentials(ObjectId application, List<KeyCredential> credentials);

  /**
   * Adds one certificate with {@code POST /applications/{id}/addKey}, proving possession of a current one with
   * {@code proof} (application-addkey.md). Returns the credential as Graph stored it.
   */
  KeyCredential addKey(ObjectId application, KeyCredential credential, Sensitive proof);

  /** {@code POST /applications/{id}/federatedIdentityCredentials}. */
  void addFederatedCredential(ObjectId application, FederatedCredential credential);

  /** {@code PATCH /applications/{id}/federatedIdentityCredentials/{name}}: issuer, subject, audiences, description. */
  void updateFederatedCredential(ObjectId application, String name, FederatedCredential credential);
}
