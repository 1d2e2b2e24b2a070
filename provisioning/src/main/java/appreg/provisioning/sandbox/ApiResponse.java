package appreg.provisioning.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the simulated Graph answers to one call, before request ids are added. {@code serialized}: the body is a JSON
 * document this sandbox wrote itself (compact, valid), so a {@code $batch} can embed its bytes as they are.
 */
record ApiResponse(int status, Map<String, String> headers, byte[] body, boolean serialized) {

  static final String JSON_TYPE =
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

  ApiResponse {
    headers = new LinkedHashMap<>(headers);
    body = body == null ? new byte[0] : body;
  }

  ApiResponse(int status, Map<String, String> headers, byte[] body) {
    this(status, headers, body, false);
  }

  static ApiResponse json(int status, JsonNode body) {
    try {
      return new ApiResponse(status, Map.of("Content-Type", JSON_TYPE), Entities.JSON.writeValueAsBytes(body), true);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ApiResponse text(String text) {
    return new ApiResponse(200, Map.of("Content-Type", "text/plain;charset=utf-8"),
        text.getBytes(StandardCharsets.UTF_8));
  }

  static ApiResponse noContent() {
    return new ApiResponse(204, Map.of(), null);
  }

  ApiResponse withHeader(String name, String value) {
    var h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, h, body, serialized);
  }
}
