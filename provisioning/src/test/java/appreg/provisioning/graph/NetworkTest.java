package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTPS_PROXY and NO_PROXY as curl and the Azure CLI read them; loopback never goes through a proxy. */
class NetworkTest {
  private static String via(Map<String, String> env, String url) {
    Proxy p = new Network.EnvironmentProxies(env).select(URI.create(url)).get(0);
    if (p.type() == Proxy.Type.DIRECT) return "direct";
    InetSocketAddress a = (InetSocketAddress) p.address();
    return a.getHostString() + ":" + a.getPort();
  }

  @Test
  void httpsProxyAppliesExceptToNoProxyHostsAndLoopback() {
    var env = Map.of("HTTPS_PROXY", "http://proxy.contoso.com:3128", "NO_PROXY", "localhost, .internal.contoso.com,login.example");
    assertEquals("proxy.contoso.com:3128", via(env, "https://graph.microsoft.com/v1.0"));
    assertEquals("direct", via(env, "https://api.internal.contoso.com/"));
    assertEquals("direct", via(env, "https://internal.contoso.com/"));
    assertEquals("direct", via(env, "https://login.example/"));
    assertEquals("direct", via(env, "https://sub.login.example/"));
    assertEquals("direct", via(env, "http://127.0.0.1:8080/v1.0"));
    assertEquals("direct", via(env, "http://localhost:8080/v1.0"));
    assertEquals("direct", via(Map.of(), "https://graph.microsoft.com/"));
  }

  @Test
  void lowerCaseNamesPortDefaultsAndAStarThatTurnsItOff() {
    assertEquals("proxy:80", via(Map.of("https_proxy", "proxy"), "https://graph.microsoft.com/"));
    assertEquals("direct", via(Map.of("HTTPS_PROXY", "proxy:8080", "no_proxy", "*"), "https://graph.microsoft.com/"));
    assertEquals("direct", via(Map.of("HTTP_PROXY", "proxy:8080"), "https://graph.microsoft.com/"));
  }
}
