package appreg.provisioning.graph;

import java.io.IOException;
import java.util.UUID;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Gives each Graph request its own {@code client-request-id}, so that a support case can name one request. The Graph
 * SDK's telemetry handler would otherwise send one id, drawn once per client, on every request of the run. Microsoft's
 * Dev Proxy flags Graph requests without their own id (GraphClientRequestIdGuidancePlugin).
 *
 * <p>Outermost in the chain, so a retry of the same request by {@link ThrottleRetry} keeps the id: one id per request,
 * as the Azure SDK guidelines order their pipeline (unique request id, then retry), while Graph's {@code request-id}
 * tells the attempts apart. A call made again after a replication wait is a new request with a new id.
 */
final class ClientRequestIds implements Interceptor {
  static final String HEADER = "client-request-id";

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (request.header(HEADER) != null) return chain.proceed(request);
    return chain.proceed(request.newBuilder().header(HEADER, UUID.randomUUID().toString()).build());
  }
}
