package appreg.provisioning;

/**
 * A Graph call failed for a reason other than a missing privilege (exit 1). Carries what a person needs to look the
 * failure up: the step, HTTP status, Graph error code, and the request id.
 */
public final class GraphCallException extends AppregException {
  private final String step;
  private final int status;
  private final String code;
  private final String requestId;

  public GraphCallException(String step, int status, String code, String graphMessage, String requestId, Throwable cause) {
    super(describe(step, status, code, graphMessage, requestId), cause);
    this.step = step;
    this.status = status;
    this.code = code == null ? "" : code;
    this.requestId = requestId == null ? "" : requestId;
  }

  /** Graph was never reached: {@code sentence} says why, naming the host (see graph.Network). */
  public static GraphCallException unreachable(String step, String sentence, Throwable cause) {
    return new GraphCallException(step, sentence, cause);
  }

  private GraphCallException(String step, String sentence, Throwable cause) {
    super(step + ": " + sentence, cause);
    this.step = step;
    this.status = 0;
    this.code = "";
    this.requestId = "";
  }

  private static String describe(String step, int status, String code, String msg, String requestId) {
    StringBuilder b = new StringBuilder(step).append(": ");
    if (status > 0) b.append("Graph ").append(status);
    else b.append("no answer from Graph");
    if (code != null && !code.isEmpty()) b.append(' ').append(code);
    if (msg != null && !msg.isEmpty()) b.append(" \"").append(msg).append('"');
    if (requestId != null && !requestId.isEmpty()) b.append(" (request-id ").append(requestId).append(')');
    return b.toString();
  }

  public String step() { return step; }
  public int status() { return status; }
  public String code() { return code; }
  public String requestId() { return requestId; }
}
