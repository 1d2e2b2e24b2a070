package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error the simulated Graph answers with, rendered in Graph's envelope
 * {@code {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}}
 * (<a href="https://learn.microsoft.com/graph/errors">Microsoft Graph error responses</a>).
 * Codes and messages are the ones Entra sends; sources are in /work/shared/notes/graph-facts.md §3.
 */
final class GraphError extends RuntimeException {
  static final String NOT_FOUND_TEMPLATE =
      "Resource '%s' does not exist or one of its queried reference-property objects are not present.";

  final int status;
  final String code;
  final ArrayNode details;

  GraphError(int status, String code, String message) {
    this(status, code, message, null);
  }

  GraphError(int status, String code, String message, ArrayNode details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  static GraphError notFound(String id) {
    return new GraphError(404, "Request_ResourceNotFound", String.format(NOT_FOUND_TEMPLATE, id));
  }

  static GraphError badRequest(String message) {
    return new GraphError(400, "Request_BadRequest", message);
  }

  static GraphError unsupportedQuery(String message) {
    return new GraphError(400, "Request_UnsupportedQuery", message);
  }

  /** Graph's answer when a request names a path segment it does not know (it is a 400, not a 404). */
  static GraphError unknownSegment(String segment) {
    return new GraphError(400, "BadRequest", "Resource not found for the segment '" + segment + "'.");
  }

  /** As in the 405 item of the json-batching doc example (fixture batch-response.json). */
  static GraphError methodNotAllowed() {
    return new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
  }

  static GraphError forbidden() {
    return new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }

  static GraphError unauthorized(String message) {
    return new GraphError(401, "InvalidAuthenticationToken", message);
  }

  static GraphError invalidProperty(String property) {
    return badRequest("Invalid property '" + property + "'.");
  }

  static GraphError unknownProperty(String property, String directoryType) {
    return badRequest("The property '" + property + "' does not exist on type 'Microsoft.DirectoryServices."
        + directoryType + "'. Make sure to only use property names that are defined by the type.");
  }

  ObjectNode body(String requestId, String clientRequestId, String date) {
    var f = JsonNodeFactory.instance;
    var error = f.objectNode();
    error.put("code", code);
    error.put("message", getMessage());
    if (details != null) {
      error.set("details", details);
    }
    var inner = error.putObject("innerError");
    inner.put("date", date);
    inner.put("request-id", requestId);
    inner.put("client-request-id", clientRequestId);
    var root = f.objectNode();
    root.set("error", error);
    return root;
  }
}
