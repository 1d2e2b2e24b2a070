package appreg.provisioning.graph;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * The contract's token rule: a token goes only over HTTPS, or over plain HTTP to a loopback address (127.0.0.0/8,
 * ::1, localhost). Kiota's own check accepts only three literal hosts, so appreg checks for itself.
 */
public final class Loopback {
  private Loopback() {}

  public static boolean tokenMayGoTo(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) return true;
    return scheme.equals("http") && isLoopbackHost(uri.getHost());
  }

  public static boolean isLoopbackHost(String host) {
    if (host == null) return false;
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.equals("localhost")) return true;
    if (h.matches("127(\\.\\d{1,3}){3}")) return true;
    if (h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) return true;
    if (h.contains(":")) {
      try {
        return InetAddress.getByName(h).isLoopbackAddress();   // literal IPv6: parsed, never resolved
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
