package appreg.provisioning.graph;

import appreg.provisioning.secret.Sensitive;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Gives the bearer token for Graph: a fixed one (APPREG_ACCESS_TOKEN, sandbox) or one from a sign-in that can get
 * another (Azure Identity, or appreg's interactive sign-in).
 */
public interface TokenSource {
  Sensitive token();

  /**
   * After Graph refused {@code refused} with 401: a fresh token, different from it, if this source can get one; empty
   * for a fixed token, or when the sign-in gives the same token again (repeating the request would only fail again).
   */
  default Optional<Sensitive> renew(Sensitive refused) {
    return Optional.empty();
  }

  static TokenSource fixed(Sensitive token) {
    return () -> token;
  }

  /**
   * Asks an Azure Identity credential, caching the token until five minutes before it expires; {@code failed} turns the
   * credential's failure into what a person reads.
   */
  static TokenSource credential(TokenCredential credential, String scope, Clock clock,
                                java.util.function.UnaryOperator<RuntimeException> failed) {
    return new TokenSource() {
      private AccessToken cached;

      @Override
      public synchronized Sensitive token() {
        Instant now = clock.instant();
        if (cached == null || cached.getExpiresAt().toInstant().minus(Duration.ofMinutes(5)).isBefore(now)) {
          try {
            cached = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
          } catch (RuntimeException e) {
            throw failed.apply(e);
          }
        }
        return new Sensitive(cached.getToken());
      }

      /** Azure Identity's credentials keep their own cache: a token they still hold for valid comes back unchanged. */
      @Override
      public synchronized Optional<Sensitive> renew(Sensitive refused) {
        cached = null;
        Sensitive fresh = token();
        return fresh.equals(refused) ? Optional.empty() : Optional.of(fresh);
      }
    };
  }
}
