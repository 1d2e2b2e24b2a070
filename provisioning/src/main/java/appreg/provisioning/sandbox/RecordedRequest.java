package appreg.provisioning.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP round trip the sandbox received, for assertions. {@code path} is relative to {@code /v1.0} and
 * percent-decoded; {@code query} is the raw query string (empty when none). The {@code Authorization} header is never
 * recorded. A {@code $batch} is one recorded request whose body holds the items.
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
    String body) {

  public RecordedRequest {
    query = query == null ? "" : query;
    headers = Map.copyOf(headers);
    body = body == null ? "" : body;
  }

  /** The first value of a header, matched case-insensitively. */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
        .map(e -> e.getValue().get(0))
        .findFirst();
  }
}
