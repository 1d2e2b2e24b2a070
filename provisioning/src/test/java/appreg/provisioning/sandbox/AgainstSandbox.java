package appreg.provisioning.sandbox;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh simulated tenant per test, served on loopback, and a real Graph SDK client holding every permission. */
abstract class AgainstSandbox {
  protected SimulatedTenant tenant;
  protected SandboxServer server;
  protected GraphServiceClient graph;

  @BeforeEach
  void startSandbox() {
    tenant = SimulatedTenant.fresh();
    server = SandboxServer.start(tenant);
    graph = SandboxClients.allPermissions(server);
  }

  @AfterEach
  void stopSandbox() {
    server.close();
  }
}
