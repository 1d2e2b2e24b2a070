package appreg.provisioning.graph;

import appreg.provisioning.UsageException;
import appreg.provisioning.secret.SecretAccess;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Puts the bearer token on requests to the configured Graph host, and nowhere else. Unlike the Graph SDK's Azure
 * Identity provider it never drops the token silently on a custom host (which would produce confusing 401s), and it
 * enforces the contract's HTTPS-or-loopback rule for every request, next links included.
 */
final class TokenAuthentication implements AuthenticationProvider {
  private final TokenSource tokens;
  private final URI graphRoot;

  TokenAuthentication(TokenSource tokens, URI graphRoot) {
    this.tokens = tokens;
    this.graphRoot = graphRoot;
  }

  @Override
  public void authenticateRequest(RequestInformation request, Map<String, Object> context) {
    URI target;
    try {
      target = request.getUri();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("request URL is not valid: " + e.getReason());
    }
    if (!sameOrigin(target)) {
      throw new UsageException("refusing to send the Graph token to " + target.getScheme() + "://" + target.getAuthority()
          + ": only " + graphRoot + " receives it");
    }
    if (!Loopback.tokenMayGoTo(target)) {
      throw new UsageException("refusing to send the Graph token over plain HTTP to " + target.getHost());
    }
    request.headers.tryAdd("Authorization", "Bearer " + SecretAccess.forAuthorizationHeader(tokens.token()));
  }

  private boolean sameOrigin(URI target) {
    return graphRoot.getScheme().equalsIgnoreCase(target.getScheme())
        && graphRoot.getHost().equalsIgnoreCase(target.getHost())
        && port(graphRoot) == port(target);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) return uri.getPort();
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
