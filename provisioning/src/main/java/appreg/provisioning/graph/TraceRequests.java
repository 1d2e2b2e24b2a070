package appreg.provisioning.graph;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Writes one {@code -v} line per Graph request attempt: method, path and query, status, time, Graph's request-id and
 * our client-request-id (the two ids Microsoft support asks for). No other headers, no bodies.
 */
final class TraceRequests implements Interceptor {
  private final Trace trace;

  TraceRequests(Trace trace) {
    this.trace = trace;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    long start = System.nanoTime();
    String what = request.method() + " " + target(request);
    try {
      Response response = chain.proceed(request);
      trace.exchange(start, System.nanoTime());
      String requestId = response.header("request-id");
      trace.line(what + " -> " + response.code() + " (" + (System.nanoTime() - start) / 1_000_000 + " ms"
          + (requestId == null ? "" : ", request-id " + requestId) + clientRequestId(request) + ")");
      return response;
    } catch (IOException e) {
      trace.exchange(start, System.nanoTime());
      String id = request.header(ClientRequestIds.HEADER);
      trace.line(what + " -> no answer: " + e.getClass().getSimpleName() + (id == null ? "" : " (client-request-id " + id + ")"));
      throw e;
    }
  }

  private static String clientRequestId(Request request) {
    String id = request.header(ClientRequestIds.HEADER);
    return id == null ? "" : ", client-request-id " + id;
  }

  private static String target(Request request) {
    String q = request.url().encodedQuery();
    String path = request.url().encodedPath() + (q == null ? "" : "?" + q);
    return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
