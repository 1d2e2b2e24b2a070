package appreg.cli.command;

import appreg.cli.ExitCodes;
import appreg.cli.Io;
import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.Connections;
import appreg.cli.option.OutputOptions;
import appreg.cli.render.Json;
import appreg.cli.render.audit.AuditFormat;
import appreg.provisioning.UsageException;
import appreg.provisioning.audit.Audit;
import appreg.provisioning.audit.AuditReport;
import appreg.provisioning.audit.Auditor;
import appreg.provisioning.audit.Intent;
import appreg.provisioning.audit.ManifestIntent;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.graph.CertificateReader;
import appreg.provisioning.graph.GraphConnection;
import appreg.provisioning.graph.TenantReader;
import appreg.provisioning.manifest.ManifestReader;
import appreg.provisioning.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit",
    description = {
        "Report findings on every app registration in the tenant (read in bulk), or in a snapshot written by export. "
            + "Never writes to the tenant.",
        "Findings are sorted by severity (high, medium, low, info), then registration. Formats: text (the default), "
            + "json (stable, for scripts), csv (for spreadsheets), sarif (SARIF 2.1.0 for GitHub code scanning), "
            + "html (one self-contained page with a credential expiry chart and a sortable table).",
        "Needs Application.Read.All; Directory.Read.All, RoleManagement.Read.Directory and Policy.Read.All are "
            + "optional: a part of the tenant Graph refuses to read (403, or 400 such as the ownerless query in an Azure "
            + "AD B2C tenant) leaves the rules that need it not evaluated, and the report says which and why.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg audit --sandbox",
        "  appreg audit --tenant contoso.onmicrosoft.com --format html --out audit.html",
        "  appreg audit --from contoso.json -f appreg.yaml --fail-on medium \\",
        "    --format sarif --out audit.sarif",
        "",
        "Exit 0 when no finding is at or above --fail-on, 2 when one is (rules not evaluated do not change it). "
            + "Documentation: docs/audit.md"})
public final class AuditCommand extends Subcommand implements Callable<Integer> {
  @Option(names = "--from", paramLabel = "SNAPSHOT",
      description = "Audit a snapshot written by 'appreg export' instead of reading the tenant.")
  Path from;

  @Option(names = {"-f", "--file"}, paramLabel = "MANIFEST",
      description = "A manifest: registrations it declares are also checked for drift, and consent is judged against it.")
  Path manifest;

  @Option(names = "--certificate-keys",
      description = "Also read the certificate of every registration that holds one, to judge its key "
          + "(certificate-weak-key). Graph returns a certificate only to a read of one registration and allows 150 such "
          + "reads a minute per tenant: about a minute per 150 registrations with certificates. Without it only those "
          + "the -f manifest declares are read, and the rule is reported as not evaluated for the rest.")
  boolean certificateKeys;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
      description = "Exit 2 when a finding is at or above this severity: high (default), medium, low, info, or none.")
  String failOn;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the report to FILE (atomically) instead of stdout; a file appreg did not write as the same "
          + "kind of report is kept unless --force.")
  Path out;

  @Option(names = "--force", description = "Replace the --out file even when appreg did not write it.")
  boolean force;

  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    Io io = io();
    AuditFormat format = AuditFormat.parse(output.format);
    Severity threshold = threshold(failOn);
    Path file = OutFile.target(io, out, force, kind(format));
    Intent intent = manifest == null ? Intent.NONE : ManifestIntent.of(ManifestReader.read(io.resolve(manifest)));
    // judged as it is read: registrations are checked as they arrive and kept only as compact records
    Audit audit = Auditor.standard().start(intent, io.clock().instant());
    String source;
    if (from != null) {
      if (connection.sandboxed() || connection.graphUrl != null || connection.tenant != null) {
        throw new UsageException("--from reads a snapshot; it cannot be combined with --sandbox, --graph-url or --tenant");
      }
      if (certificateKeys) {
        throw new UsageException("--certificate-keys reads certificates from the tenant; a snapshot holds none, so it "
            + "cannot be combined with --from");
      }
      Snapshot.Header header = Snapshot.read(io.resolve(from), audit);
      source = "snapshot " + from + (header.exportedAt() == null ? "" : " exported " + header.exportedAt());
    } else {
      try (GraphConnection c = Connections.open(connection, output, io, appreg.provisioning.SignInScopes.audit())) {
        ReconcileRun.markSandbox(c, connection, io);
        TenantReader reader = new TenantReader(c);
        reader.read(audit, Progress.on(io));
        // a listing never carries certificates: read those of declared registrations, or of all when asked, one by one
        new CertificateReader(c).read(audit.certificatesToRead(certificateKeys), reader.keyCredentialReads(), audit,
            Progress.on(io));
        source = c.sandbox() ? "sandbox tenant, read live" : "read live from Microsoft Graph";
      }
    }
    AuditReport report = audit.finish();
    var run = new AuditFormat.Run(threshold, source, from, manifest, "appreg", Tool.version());
    var style = file == null ? output.style(io) : appreg.cli.render.Style.PLAIN;
    Reports.write(io, file, out, w -> format.write(w, report, run, style));
    boolean failed = threshold != null && report.anyAtOrAbove(threshold);
    if (file != null) {
      io.err().println("wrote " + out + " (" + format.id() + " report, " + appreg.cli.render.audit.AuditFormat.findings(report.findings().size()) + ")");
      if (format == AuditFormat.JSON) Json.print(io.out(), AuditFormat.written(out, report, failed));
    }
    if (!report.notEvaluated().isEmpty() && (out != null || format != AuditFormat.TEXT)) {
      // the text report says so itself; any other report may never be read by the person who ran the command
      io.err().println("appreg: " + report.notEvaluated().size() + " rules not evaluated, because a part of the tenant "
          + "could not be read: " + String.join(", ", report.notEvaluated().stream().map(n -> n.rule()).toList())
          + " (the report says why)");
    }
    return failed ? ExitCodes.DRIFT : ExitCodes.OK;
  }

  private static OutFile.Kind kind(AuditFormat format) {
    return switch (format) {
      case TEXT -> OutFile.Kind.AUDIT_TEXT;
      case JSON -> OutFile.Kind.AUDIT_JSON;
      case CSV -> OutFile.Kind.AUDIT_CSV;
      case SARIF -> OutFile.Kind.AUDIT_SARIF;
      case HTML -> OutFile.Kind.AUDIT_HTML;
    };
  }

  /** {@code none} never fails the run; anything else is a severity. */
  static Severity threshold(String value) {
    if ("none".equalsIgnoreCase(value)) return null;
    try {
      return Severity.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--fail-on " + value + ": use high, medium, low, info or none");
    }
  }
}
