package appreg.provisioning.sandbox;

import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AuthenticationProvider;

/**
 * Graph SDK clients pointed at a {@link SandboxServer}. The token goes in through our own
 * {@link AuthenticationProvider}: the Azure Identity provider drops tokens for hosts other than Graph's
 * (graph-java-sdk.md §3).
 */
final class SandboxClients {
  private SandboxClients() {}

  static GraphServiceClient withToken(SandboxServer server, String token) {
    AuthenticationProvider auth = (request, context) -> {
      if (token != null) {
        request.headers.add("Authorization", "Bearer " + token);
      }
    };
    return new GraphServiceClient(new BaseGraphRequestAdapter(auth, server.baseUrl()));
  }

  static GraphServiceClient allPermissions(SandboxServer server) {
    return withToken(server, SandboxTokens.allPermissions());
  }
}
