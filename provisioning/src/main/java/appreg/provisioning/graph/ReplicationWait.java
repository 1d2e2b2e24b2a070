package appreg.provisioning.graph;

import appreg.provisioning.GraphCallException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits out Entra's replication delay for objects created earlier in this run: a new service principal unknown to the
 * consent call (a grant or an app role assignment), a new application unknown to addPassword. Only the failures Entra gives in that window are retried
 * (https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/), only for fresh
 * objects, with backoff bounded at about 90 seconds, and every wait is shown under {@code -v}.
 */
final class ReplicationWait {
  private static final long[] BACKOFF_MS = {500, 1000, 2000, 4000, 8000, 15000, 30000, 30000};

  private final GraphConnection connection;

  ReplicationWait(GraphConnection connection) {
    this.connection = connection;
  }

  /**
   * True for the answers Entra gives while a just-created object is still replicating. The 400s of the consent calls
   * name the property that refers to the new service principal: "Invalid value specified for property 'clientId' (or
   * 'resourceId') of resource 'OAuth2PermissionGrant'." for a grant, and "Not a valid reference update." for a grant
   * in some tenants and for an app role assignment, whose principal is new
   * (microsoftgraph/msgraph-bicep-types issue 193; hashicorp/terraform-provider-azuread
   * internal/services/approleassignments/app_role_assignment_resource.go retries exactly that message and 404).
   */
  static boolean notYetReplicated(GraphErrors.Failure f) {
    if (f.status() == 404) return true;
    if (f.status() == 400) {
      return f.messageContains("does not reference a valid application object")
          || f.messageContains("does not exist or one of its queried reference-property objects are not present")
          || f.code().equalsIgnoreCase("NoBackingApplicationObject")
          || f.messageContains("Invalid value specified for property 'clientId' of resource 'OAuth2PermissionGrant'")
          || f.messageContains("Invalid value specified for property 'resourceId' of resource 'OAuth2PermissionGrant'")
          || f.messageContains("Not a valid reference update");
    }
    return f.status() == 403 && (f.messageContains("backing application") || f.messageContains("local tenant"));
  }

  <T> T run(String step, boolean fresh, Supplier<T> call) {
    long waited = 0;
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        var failure = GraphErrors.failure(e);
        if (!fresh || failure.isEmpty() || !notYetReplicated(failure.get())) throw e;
        if (attempt >= BACKOFF_MS.length) {
          throw new GraphCallException(step, failure.get().status(), failure.get().code(),
              "the object created earlier in this run is still not visible after " + waited / 1000
                  + " s of waiting for Entra replication; re-run apply to finish",
              failure.get().requestId(), e);
        }
        long ms = BACKOFF_MS[attempt];
        connection.options().trace().line("waiting " + ms / 1000.0 + " s for Entra to replicate (" + step + ": "
            + failure.get().status() + " " + failure.get().code() + ")");
        try {
          connection.options().sleeper().sleep(Duration.ofMillis(ms));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        waited += ms;
      }
    }
  }
}
