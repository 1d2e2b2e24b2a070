package appreg.provisioning.manifest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Entra's redirect URI restrictions that can be checked offline: absolute, no wildcard, no fragment, at most 256
 * characters, and https except for loopback addresses. Web and SPA URIs must be http(s); public clients (desktop and
 * mobile) may use custom schemes such as {@code msal<appId>://auth}.
 * See https://learn.microsoft.com/entra/identity-platform/reply-url.
 */
final class RedirectUris {
  private RedirectUris() {}

  static final int MAX_LENGTH = 256;
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** Why {@code uri} cannot be a redirect URI of the given platform ("web", "spa", "publicClient"), if it cannot. */
  static Optional<String> problem(String uri, String platform) {
    String prefix = "redirect URI '" + uri + "' in " + platform;
    if (uri.isBlank()) return Optional.of("an empty redirect URI in " + platform);
    if (uri.length() > MAX_LENGTH) {
      return Optional.of("a redirect URI in " + platform + " is " + uri.length() + " characters long; Entra allows at most "
          + MAX_LENGTH);
    }
    if (uri.contains("*")) {
      return Optional.of(prefix + " contains a wildcard ('*'); Entra does not accept wildcards: list each URI");
    }
    if (uri.contains("#")) {
      return Optional.of(prefix + " has a fragment ('#...'); Entra does not accept fragments in redirect URIs");
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return Optional.of(prefix + " is not a valid URI: " + e.getReason() + " at index " + e.getIndex());
    }
    if (!parsed.isAbsolute() || parsed.isOpaque() && !platform.equals(Fields.PUBLIC_CLIENT)) {
      return Optional.of(prefix + " is not absolute; write the whole URI with its scheme, like https://localhost");
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    boolean web = !platform.equals(Fields.PUBLIC_CLIENT);
    if (web && !scheme.equals("https") && !scheme.equals("http")) {
      return Optional.of(prefix + " uses the scheme '" + scheme + "'; " + platform
          + " redirect URIs use https (custom schemes belong under publicClient)");
    }
    if (scheme.equals("http") || scheme.equals("https")) {
      String host = parsed.getHost();
      if (host == null || host.isEmpty()) return Optional.of(prefix + " has no host name");
      if (scheme.equals("http") && !LOOPBACK.contains(host.toLowerCase(Locale.ROOT))) {
        return Optional.of(prefix + " uses plain http; only loopback addresses (http://localhost, http://127.0.0.1, "
            + "http://[::1]) may, so use https");
      }
    }
    return Optional.empty();
  }
}
