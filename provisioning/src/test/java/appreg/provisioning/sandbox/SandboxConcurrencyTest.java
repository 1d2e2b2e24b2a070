package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.odataerrors.ODataError;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SandboxConcurrencyTest {

  @Test
  void parallelCreatesAndUpsertsStayConsistent() throws Exception {
    var tenant = SimulatedTenant.fresh();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (var server = SandboxServer.start(tenant)) {
      var graph = SandboxClients.allPermissions(server);
      var tasks = new ArrayList<Callable<Integer>>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        tasks.add(() -> {
          var app = new Application();
          app.setDisplayName("parallel " + n);
          graph.applications().post(app);
          var keyed = new Application();
          keyed.setDisplayName("shared");
          try {
            return graph.applicationsWithUniqueName("shared")
                .patch(keyed, rc -> rc.headers.add("Prefer", "create-if-missing")) == null ? 0 : 1;
          } catch (ODataError e) {
            return -1;
          }
        });
      }
      int created = 0;
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        int r = f.get();
        assertEquals(true, r >= 0, "no upsert failed");
        created += r;
      }
      assertEquals(1, created, "exactly one upsert answered 201");
      assertEquals(41, tenant.list("applications").size());
      assertEquals(1, tenant.applicationsWithUniqueName("shared").size());
      assertEquals(80, tenant.requestCount());
    } finally {
      pool.shutdownNow();
    }
  }
}
