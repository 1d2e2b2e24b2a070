package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap ./appreg gives the JVM is bounded, -Xmx in JDK_JAVA_OPTIONS overrides it, and a run that outgrows it says
 * so in one error line with a hint (exit 1, the JSON error document on stdout), not with a stack trace or a
 * misleading "no answer from Graph" from the reading thread that happened to run out.
 */
class LauncherHeapPackageIT {
  @TempDir Path dir;

  @Test
  void anAuditThatOutgrowsTheHeapSaysSoAndHowToGiveItMore() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(20_000, 42);
    try (SandboxServer server = SandboxServer.start(tenant)) {
      String graph = server.baseUrl().substring(0, server.baseUrl().length() - "/v1.0".length());
      ProcessBuilder pb = new ProcessBuilder(List.of(LauncherPackageIT.LAUNCHER.toString(), "audit", "--graph-url", graph,
          "--format", "json", "--fail-on", "none")).directory(dir.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("APPREG_") || k.equals("JAVA_TOOL_OPTIONS"));
      pb.environment().put("APPREG_ACCESS_TOKEN", SandboxTokens.allPermissions());
      pb.environment().put("JDK_JAVA_OPTIONS", "-Xmx16m");
      pb.redirectError(dir.resolve("stderr.txt").toFile());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      String err = java.nio.file.Files.readString(dir.resolve("stderr.txt"));
      assertEquals(1, p.exitValue(), err);
      assertTrue(err.contains("error: out of memory: this run needs more than the 16 MB of Java heap it may use\n"
          + "hint: give it more heap, e.g. JDK_JAVA_OPTIONS=-Xmx2g"), err);
      assertTrue(!err.contains("Exception") && !err.contains("\tat "), "no stack trace: " + err);
      var doc = new ObjectMapper().readTree(out);
      assertEquals(1, doc.path("error").path("exitCode").asInt(), out);
      assertTrue(doc.path("error").path("message").asText().startsWith("out of memory"), out);
    }
  }
}
