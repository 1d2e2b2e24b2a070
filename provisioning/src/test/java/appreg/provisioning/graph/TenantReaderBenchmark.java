package appreg.provisioning.graph;

import appreg.provisioning.audit.Auditor;
import appreg.provisioning.audit.Intent;
import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import java.time.Instant;

/**
 * Not a test: reads and audits a sandbox tenant of N synthetic registrations and prints round trips and wall time.
 * Run after {@code mvn -q -pl provisioning test-compile}:
 * {@code java -cp "provisioning/target/test-classes:provisioning/target/classes:$(cat cp.txt)" appreg.provisioning.graph.TenantReaderBenchmark 10000}
 * (cp.txt from {@code mvn -q -pl provisioning dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class TenantReaderBenchmark {
  private TenantReaderBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    // repeated reads of a large tenant would pass Graph's 150 keyCredentials requests a minute and time the waits
    SimulatedTenant tenant = SimulatedTenant.fresh().keyCredentialReadsPerMinute(0);
    long seedStart = System.nanoTime();
    tenant.seedSyntheticRegistrations(n, 42);
    System.out.printf("seeded %,d registrations in %d ms%n", n, (System.nanoTime() - seedStart) / 1_000_000);
    try (SandboxServer server = SandboxServer.start(tenant)) {
      for (int run = 1; run <= runs; run++) {
        var t = new TestConnections();
        try (var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
          tenant.resetRequestLog();
          long start = System.nanoTime();
          var observed = new TenantReader(connection).read(p -> {});
          long readMs = (System.nanoTime() - start) / 1_000_000;
          long auditStart = System.nanoTime();
          var report = Auditor.standard().audit(observed, Intent.NONE, Instant.now());
          long auditMs = (System.nanoTime() - auditStart) / 1_000_000;
          System.out.printf("run %d: %,d applications, %,d service principals, %,d grants, %,d app role assignments; "
                  + "%d round trips; read %,d ms, audit %,d ms (%,d findings)%n", run, observed.registrations().size(),
              observed.servicePrincipals().size(), observed.grants().size(), observed.appRoleAssignments().size(),
              tenant.requestCount(), readMs, auditMs, report.findings().size());
        }
      }
    }
  }
}
