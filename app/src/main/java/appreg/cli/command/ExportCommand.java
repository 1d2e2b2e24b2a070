package appreg.cli.command;

import appreg.cli.ExitCodes;
import appreg.cli.Io;
import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.Connections;
import appreg.cli.option.OutputOptions;
import appreg.cli.render.Json;
import appreg.cli.render.UnreadJson;
import appreg.cli.render.Untrusted;
import appreg.provisioning.graph.GraphConnection;
import appreg.provisioning.graph.TenantReader;
import appreg.provisioning.snapshot.Snapshot;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Unread;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export",
    description = {
        "Save a JSON snapshot of the tenant's registrations, service principals, delegated grants, app role "
            + "assignments, ownerless registrations, credentials (metadata only: key id, name, hint, dates; never "
            + "secret text), directory role assignments, organization and readable policies. Never writes to the tenant.",
        "The snapshot's schema is versioned and documented (docs/export.md); 'appreg audit --from SNAPSHOT' audits it offline.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg export --sandbox --out tenant.json",
        "  appreg export --tenant contoso.onmicrosoft.com --out contoso-$(date +%%F).json",
        "  appreg audit --from contoso-2026-03-01.json --format html --out audit.html",
        "",
        "Exit 0 when the snapshot was written, also when Graph refused a part other than applications and service "
            + "principals (the snapshot records which, and why). Documentation: docs/export.md"})
public final class ExportCommand extends Subcommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "SNAPSHOT",
      description = "Where to write the snapshot (atomically); '-' for stdout. A file that is not a snapshot appreg "
          + "wrote is kept unless --force.")
  Path out;

  @Option(names = "--force", description = "Replace the --out file even when it is not a snapshot appreg wrote.")
  boolean force;

  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    output.requireOneOf("text", "json");
    Io io = io();
    Path file = OutFile.target(io, out, force, OutFile.Kind.SNAPSHOT);
    ObservedTenant tenant;
    try (GraphConnection c = Connections.open(connection, output, io, appreg.provisioning.SignInScopes.audit())) {
      ReconcileRun.markSandbox(c, connection, io);
      tenant = new TenantReader(c).read(Progress.on(io));
    }
    Instant now = io.clock().instant();
    String generator = "appreg " + Tool.version();
    if (file == null) {
      // the tenant is read in full before the first byte, so a refused read still leaves stdout empty
      Snapshot.write(tenant, now, generator, io.out());
      unread(io.err(), tenant);
      return ExitCodes.OK;
    }
    OutFile.write(file, out, os -> Snapshot.write(tenant, now, generator, os));
    io.err().printf("wrote %s (snapshot of %,d applications, %,d service principals, %,d grants, %,d app role assignments)%n",
        out, tenant.registrations().size(), tenant.servicePrincipals().size(), tenant.grants().size(),
        tenant.appRoleAssignments().size());
    unread(io.err(), tenant);
    if (output.json()) {
      Json.print(io.out(), Json.object().put("snapshot", out.toString()).put("schemaVersion", Snapshot.SCHEMA_VERSION)
          .put("applications", tenant.registrations().size()).put("servicePrincipals", tenant.servicePrincipals().size())
          .put("oauth2PermissionGrants", tenant.grants().size()).put("appRoleAssignments", tenant.appRoleAssignments().size())
          .put("roleAssignments", tenant.roleAssignments().size())
          .set("unread", unreadJson(tenant)));
    }
    return ExitCodes.OK;
  }

  /** One line per part Graph refused, for people; the snapshot records the same, so audit --from says it again. */
  private static void unread(java.io.PrintWriter w, ObservedTenant tenant) {
    for (Unread u : tenant.unread()) {
      w.println("not read: " + u.part().description() + " (" + Untrusted.text(u.reason()) + "); the snapshot records this, and "
          + "'audit --from' reports the rules that need it as not evaluated");
    }
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode unreadJson(ObservedTenant tenant) {
    var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    tenant.unread().forEach(u -> array.add(UnreadJson.of(u)));
    return array;
  }
}
