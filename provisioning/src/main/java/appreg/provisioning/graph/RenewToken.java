package appreg.provisioning.graph;

import appreg.provisioning.secret.SecretAccess;
import appreg.provisioning.secret.Sensitive;
import java.io.IOException;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A token that expires (or is revoked) during a run: Graph answers 401 {@code InvalidAuthenticationToken} ("Lifetime
 * validation failed, the token is expired."). When the sign-in can give a fresh token, the request is sent once more
 * with it; a second 401, or a token that cannot be renewed (APPREG_ACCESS_TOKEN), goes to the caller as it came.
 *
 * <p>Sending a write again is safe here: Graph checks the token before it looks at the request, so a 401 means nothing
 * was done. Other 401s are not about the token ({@code Authentication_MissingOrMalformed} on {@code addKey} refuses
 * the proof of possession in the body) and are left alone.
 */
final class RenewToken implements Interceptor {
  private final TokenSource tokens;
  private final Trace trace;

  RenewToken(TokenSource tokens, Trace trace) {
    this.tokens = tokens;
    this.trace = trace;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Response response = chain.proceed(request);
    String sent = request.header("Authorization");
    if (response.code() != 401 || sent == null || !sent.regionMatches(true, 0, "Bearer ", 0, 7)
        || !aboutTheToken(response)) {
      return response;
    }
    Optional<Sensitive> fresh = tokens.renew(new Sensitive(sent.substring(7).trim()));
    if (fresh.isEmpty()) return response;
    response.close();
    trace.line("Graph refused the access token (401 InvalidAuthenticationToken); signed in again for a fresh one, "
        + "sending " + request.method() + " " + request.url().encodedPath() + " once more");
    return chain.proceed(request.newBuilder()
        .header("Authorization", "Bearer " + SecretAccess.forAuthorizationHeader(fresh.get())).build());
  }

  private static boolean aboutTheToken(Response response) throws IOException {
    String body = response.peekBody(64 * 1024).string();
    return body.isEmpty() || body.contains("InvalidAuthenticationToken");
  }
}
