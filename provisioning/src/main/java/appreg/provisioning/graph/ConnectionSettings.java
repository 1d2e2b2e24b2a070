package appreg.provisioning.graph;

import appreg.provisioning.UsageException;
import appreg.provisioning.secret.Sensitive;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach a tenant: the cloud, optional overrides of its Graph and sign-in hosts, the tenant, and how to get a
 * token. {@code signIn} picks the way; for an interactive sign-in {@code clientId} is the public client (null: Microsoft
 * Graph Command Line Tools) and {@code scopes} the delegated Graph scopes to ask for (names such as
 * {@code Application.Read.All}). {@code accessToken} is a pre-acquired Graph token ({@code APPREG_ACCESS_TOKEN});
 * {@code sandboxState} is set for {@code --sandbox} runs; {@code environment} is what the Azure Identity chain and the
 * network settings read (the process environment). Built by the CLI, checked by {@link #resolve()} before any request.
 */
public record ConnectionSettings(
    Cloud cloud,
    String graphUrl,
    String authorityHost,
    String tenant,
    SignIn signIn,
    String clientId,
    List<String> scopes,
    Sensitive accessToken,
    Path sandboxState,
    Map<String, String> environment) {

  /** How to get a token when none is given: the Azure Identity default chain, or a person signing in. */
  public enum SignIn { CHAIN, DEVICE_CODE, BROWSER }

  /**
   * The public client Microsoft documents for Graph command-line use (Microsoft Graph PowerShell's
   * {@code Connect-MgGraph}): "Microsoft Graph Command Line Tools". Unlike the Azure CLI's client, it asks for the
   * delegated scopes it is given, so a run can ask for exactly what it needs.
   */
  public static final String GRAPH_COMMAND_LINE_TOOLS = "14d82eec-204b-4c2f-b7e8-296a70dab67e";

  public ConnectionSettings {
    cloud = cloud == null ? Cloud.GLOBAL : cloud;
    signIn = signIn == null ? SignIn.CHAIN : signIn;
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }

  /** Without an interactive sign-in, as tests and the sandbox use it. */
  public ConnectionSettings(Cloud cloud, String graphUrl, String authorityHost, String tenant, Sensitive accessToken,
                            Path sandboxState) {
    this(cloud, graphUrl, authorityHost, tenant, SignIn.CHAIN, null, List.of(), accessToken, sandboxState, Map.of());
  }

  /** The same, asking an interactive sign-in for these delegated scopes. */
  public ConnectionSettings withScopes(List<String> delegated) {
    return new ConnectionSettings(cloud, graphUrl, authorityHost, tenant, signIn, clientId, delegated, accessToken,
        sandboxState, environment);
  }

  /** An interactive sign-in is used: it wins over APPREG_ACCESS_TOKEN, as the command line wins over the environment. */
  public boolean interactive() {
    return signIn != SignIn.CHAIN && !sandbox();
  }

  /** The public client an interactive sign-in uses. */
  public String publicClient() {
    return clientId == null ? GRAPH_COMMAND_LINE_TOOLS : clientId;
  }

  public boolean sandbox() {
    return sandboxState != null;
  }

  /** What the connection will actually use, after applying the cloud defaults and the contract's rules. */
  public record Resolved(URI graphRoot, URI authorityHost, String scope) {
    /**
     * Delegated scopes as the sign-in service wants them for this cloud's Graph: the resource, then the scope name
     * ({@code https://graph.microsoft.com/Application.Read.All}); never {@code .default}, which for a public client
     * means whatever was consented before, not what this run needs.
     */
    public List<String> delegated(List<String> names) {
      String resource = scope.substring(0, scope.length() - "/.default".length());
      return names.stream().map(n -> resource + "/" + n).toList();
    }

    /** The versioned base URL the SDK sends requests to; Graph's $batch needs the path to end in exactly /v1.0. */
    public String baseUrl() {
      String root = graphRoot.toString();
      return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/v1.0";
    }
  }

  /**
   * Applies cloud defaults and refuses combinations that cannot work (exit 64, before any request): a plain-HTTP Graph
   * URL that is not loopback (a token would travel in clear text), a Graph URL of another national cloud than
   * {@code --cloud}, a URL with a path, query or credentials.
   */
  public Resolved resolve() {
    URI graph = graphUrl == null ? cloud.graphRoot() : parse("--graph-url", graphUrl);
    URI authority = authorityHost == null ? cloud.authorityHost() : parse("--authority-host", authorityHost);
    if (graphUrl != null) {
      if (!Loopback.tokenMayGoTo(graph)) {
        throw new UsageException("--graph-url " + graphUrl + ": a token is only sent over HTTPS, or over plain HTTP to "
            + "a loopback address (127.0.0.0/8, ::1, localhost)");
      }
      String path = graph.getRawPath() == null ? "" : graph.getRawPath();
      if (!path.isEmpty() && !path.equals("/") && !path.equals("/v1.0") && !path.equals("/v1.0/")) {
        throw new UsageException("--graph-url " + graphUrl + ": give the Graph root (for example https://graph.microsoft.com), not a path");
      }
      Cloud other = Cloud.ofGraphHost(graph.getHost()).orElse(null);
      if (other != null && other != cloud) {
        throw new UsageException("--graph-url " + graphUrl + " belongs to the " + other.cliName() + " cloud, but --cloud is "
            + cloud.cliName() + "; tokens are not valid across national clouds");
      }
      graph = URI.create(graph.getScheme() + "://" + graph.getRawAuthority());
    }
    if (!"https".equalsIgnoreCase(authority.getScheme()) && !sandbox() && (accessToken == null || interactive())) {
      throw new UsageException("--authority-host " + authorityHost + ": sign-in hosts must use https");
    }
    String scope = (cloud.graphRoot().equals(graph) || Cloud.ofGraphHost(graph.getHost()).isPresent()
        ? graph.toString() : cloud.graphRoot().toString()) + "/.default";
    return new Resolved(graph, authority, scope);
  }

  private static URI parse(String option, String value) {
    try {
      URI uri = new URI(value.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new UsageException(option + " " + value + ": expected an absolute URL such as https://graph.microsoft.com");
      }
      if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new UsageException(option + " " + value + ": a URL without credentials, query or fragment is expected");
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        throw new UsageException(option + " " + value + ": only https URLs are accepted");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageException(option + " " + value + ": not a URL (" + e.getReason() + ")");
    }
  }
}
