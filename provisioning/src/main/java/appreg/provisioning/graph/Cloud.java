package appreg.provisioning.graph;

import java.net.URI;

/**
 * The national clouds and their Graph and sign-in roots (Graph docs, concepts/deployments.md). Tokens are not
 * interchangeable between clouds. {@code usgov} is GCC High (L4); DoD (L5) has its own Graph host.
 */
public enum Cloud {
  GLOBAL("global", "https://graph.microsoft.com", "https://login.microsoftonline.com"),
  USGOV("usgov", "https://graph.microsoft.us", "https://login.microsoftonline.us"),
  USGOV_DOD("usgov-dod", "https://dod-graph.microsoft.us", "https://login.microsoftonline.us"),
  CHINA("china", "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn");

  private final String cliName;
  private final URI graphRoot;
  private final URI authorityHost;

  Cloud(String cliName, String graphRoot, String authorityHost) {
    this.cliName = cliName;
    this.graphRoot = URI.create(graphRoot);
    this.authorityHost = URI.create(authorityHost);
  }

  public String cliName() { return cliName; }
  public URI graphRoot() { return graphRoot; }
  public URI authorityHost() { return authorityHost; }

  /** The cloud whose Graph host is {@code host}, if any. */
  public static java.util.Optional<Cloud> ofGraphHost(String host) {
    for (Cloud c : values()) if (c.graphRoot.getHost().equalsIgnoreCase(host)) return java.util.Optional.of(c);
    return java.util.Optional.empty();
  }
}
