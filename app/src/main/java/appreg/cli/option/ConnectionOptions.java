package appreg.cli.option;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the tenant is and how to sign in to it. Shared by every command that talks to Graph. */
public final class ConnectionOptions {
  public enum Cloud { global, usgov, usgov_dod, china }

  @Option(names = "--cloud", paramLabel = "CLOUD", converter = CloudConverter.class, completionCandidates = Clouds.class,
      description = "National cloud: global (default), usgov, usgov-dod, china. Default: $APPREG_CLOUD.")
  public Cloud cloud;

  @Option(names = "--graph-url", paramLabel = "URL",
      description = "Microsoft Graph root, overriding the cloud's (HTTPS, or plain HTTP to a loopback address only).")
  public String graphUrl;

  @Option(names = "--authority-host", paramLabel = "URL",
      description = "Microsoft Entra sign-in host, overriding the cloud's.")
  public String authorityHost;

  @Option(names = "--tenant", paramLabel = "ID_OR_DOMAIN", description = "Tenant id or a verified domain. Default: $APPREG_TENANT.")
  public String tenant;

  @Option(names = "--device-code",
      description = "Sign in with a code to enter in a browser anywhere, as Microsoft Graph Command Line Tools (or "
          + "--client-id), asking only for the delegated scopes the command needs. The prompt goes to stderr.")
  public boolean deviceCode;

  @Option(names = "--browser",
      description = "Sign in in a browser on this machine (loopback redirect to http://localhost), as Microsoft Graph "
          + "Command Line Tools (or --client-id); $BROWSER opens it if set. The address is also printed on stderr.")
  public boolean browser;

  @Option(names = "--client-id", paramLabel = "APP_ID",
      description = "The public client to sign in as with --device-code or --browser: your organisation's own "
          + "registration (public client flows allowed) instead of Microsoft Graph Command Line Tools.")
  public String clientId;

  @Option(names = "--sandbox",
      description = "Run against the embedded simulated tenant (state in .appreg/sandbox-tenant.json); no Azure account needed.")
  public boolean sandbox;

  @Option(names = "--sandbox-state", paramLabel = "FILE",
      description = "State file of the simulated tenant (implies --sandbox).")
  public Path sandboxState;

  public boolean sandboxed() {
    return sandbox || sandboxState != null;
  }

  /** Completion offers the contract's spellings, not the enum's ({@code usgov-dod}, not {@code usgov_dod}). */
  static final class Clouds implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("global", "usgov", "usgov-dod", "china").iterator();
    }
  }

  /** Accepts the contract's spelling {@code usgov-dod}. */
  public static final class CloudConverter implements picocli.CommandLine.ITypeConverter<Cloud> {
    @Override
    public Cloud convert(String value) {
      try {
        return Cloud.valueOf(value.toLowerCase(java.util.Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a cloud; use global, usgov, usgov-dod or china");
      }
    }
  }
}
