package appreg.provisioning.graph;

import appreg.provisioning.secret.Sensitive;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Gives the bearer token for Graph: a fixed one (APPREG_ACCESS_TOKEN, sandbox) or one from Azure Identity. */
public interface TokenSource {
  Sensitive token();

  static TokenSource fixed(Sensitive token) {
    return () -> token;
  }

  /** Asks an Azure Identity credential, caching the token until five minutes before it expires. */
  static TokenSource credential(TokenCredential credential, String scope, Clock clock) {
    return new TokenSource() {
      private AccessToken cached;

      @Override
      public synchronized Sensitive token() {
        Instant now = clock.instant();
        if (cached == null || cached.getExpiresAt().toInstant().minus(Duration.ofMinutes(5)).isBefore(now)) {
          cached = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
        }
        return new Sensitive(cached.getToken());
      }
    };
  }
}
