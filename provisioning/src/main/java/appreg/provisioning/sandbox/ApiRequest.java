package appreg.provisioning.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Graph call, from HTTP or from a {@code $batch} item. {@code rawPath} is relative to {@code /v1.0} and still
 * percent-encoded, so a key like {@code uniqueName='a%2Fb'} is split into segments before it is decoded.
 * Header names are lower case.
 */
record ApiRequest(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {

  ApiRequest {
    method = method.toUpperCase(Locale.ROOT);
    rawQuery = rawQuery == null ? "" : rawQuery;
    var lower = new LinkedHashMap<String, String>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    headers = lower;
    body = body == null ? new byte[0] : body;
  }

  List<String> segments() {
    var out = new ArrayList<String>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s));
      }
    }
    return out;
  }

  /** The decoded path, e.g. {@code /applications(uniqueName='k')/addPassword}: what fault rules match. */
  String path() {
    return "/" + String.join("/", segments());
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Query options by decoded name ({@code $select}, …); a repeated option keeps its first value. */
  /** The whole query string, percent-decoded; empty when there is none. */
  String decodedQuery() {
    if (rawQuery == null) return "";
    try {
      return java.net.URLDecoder.decode(rawQuery.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return rawQuery; // a malformed escape: matched as sent
    }
  }

  Map<String, String> query() {
    var out = new LinkedHashMap<String, String>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decodeQueryValue(pair.substring(eq + 1));
      out.putIfAbsent(name, value);
    }
    return out;
  }

  boolean eventualConsistency() {
    String v = header("ConsistencyLevel");
    return v != null && v.trim().equalsIgnoreCase("eventual");
  }

  static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String decodeQueryValue(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
