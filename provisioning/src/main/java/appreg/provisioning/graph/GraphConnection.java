package appreg.provisioning.graph;

import appreg.provisioning.UsageException;
import appreg.provisioning.secret.SecretAccess;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.http.middleware.RetryHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * One Graph client for one run: the SDK's middleware with our retry in place of its RetryHandler, our token rule,
 * a {@code -v} trace, and either a real tenant or the local sandbox. The only place a {@link GraphServiceClient} is
 * built.
 */
public final class GraphConnection implements AutoCloseable {
  /** Run-wide knobs; tests pass a recording {@link Sleeper} and a fixed clock. */
  /** {@code prompt}: where an interactive sign-in writes what the person must do (stderr), one line at a time. */
  public record Options(Trace trace, Sleeper sleeper, Clock clock, RetryBudget budget, Random random,
                        java.util.function.Consumer<String> prompt) {
    public Options(Trace trace, Sleeper sleeper, Clock clock, RetryBudget budget, Random random) {
      this(trace, sleeper, clock, budget, random, line -> {});
    }

    public static Options standard(Trace trace) {
      return new Options(trace, Sleeper.REAL, Clock.systemUTC(), RetryBudget.standard(), new Random());
    }
  }

  private final GraphServiceClient client;
  private final String baseUrl;
  private final TokenSource tokens;
  private final LocalTenant local;
  private final Options options;
  private final Coalescer together;

  private GraphConnection(GraphServiceClient client, String baseUrl, TokenSource tokens, LocalTenant local, Options options,
                          Coalescer together) {
    this.together = together;
    this.client = client;
    this.baseUrl = baseUrl;
    this.tokens = tokens;
    this.local = local;
    this.options = options;
  }

  /**
   * Opens a connection. For a sandbox run, {@code sandbox} starts the local tenant (only called when the settings ask
   * for it). Throws {@link UsageException} before any request when the settings break the contract's rules.
   */
  public static GraphConnection open(ConnectionSettings settings, Options options, Supplier<LocalTenant> sandbox) {
    LocalTenant local = null;
    String baseUrl;
    URI root;
    TokenSource tokens;
    Network network = new Network(settings.environment());
    if (settings.sandbox()) {
      if (settings.graphUrl() != null) throw new UsageException("--sandbox and --graph-url cannot be combined");
      local = sandbox.get();
      baseUrl = local.baseUrl();
      root = URI.create(baseUrl.substring(0, baseUrl.length() - "/v1.0".length()));
      tokens = TokenSource.fixed(settings.accessToken() != null ? settings.accessToken() : local.token());
    } else {
      ConnectionSettings.Resolved resolved = settings.resolve();
      baseUrl = resolved.baseUrl();
      root = resolved.graphRoot();
      if (settings.interactive()) {
        tokens = InteractiveSignIn.open(settings, resolved, network, options.prompt(), options.clock());
      } else if (settings.accessToken() != null) {
        tokens = TokenSource.fixed(settings.accessToken());
      } else {
        tokens = TokenSource.credential(DefaultChain.build(settings, resolved, network), resolved.scope(), options.clock(),
            e -> DefaultChain.failed(e, settings.environment()));
      }
    }
    Coalescer together = new Coalescer(baseUrl, options.trace());
    OkHttpClient http = httpClient(options, tokens, network, together);
    var connection = new GraphConnection(client(tokens, root, http, baseUrl), baseUrl, tokens, local, options, together);
    warm = null;
    return connection;
  }

  private static GraphServiceClient client(TokenSource tokens, URI root, OkHttpClient http, String baseUrl) {
    return new GraphServiceClient(new BaseGraphRequestAdapter(new TokenAuthentication(tokens, root), null, null, http,
        GraphServiceClient.getGraphClientOptions(), baseUrl));
  }

  /** What {@link #warmUp} built, held until a real connection is open (the JDK keeps its trust store weakly). */
  private static volatile Object warm;

  /**
   * Does on a throwaway client the one-time work that opening the first connection of a process costs, so that the
   * real one, opened moments later, finds it done: OkHttp, Kiota and the Graph client's classes loaded and initialised,
   * the Graph client's serializers registered, the JDK's trust store read and TLS set up (both cached JDK-wide), a URL
   * parsed (host names go through IDN). About a fifth of a second of CPU on the path to the first request otherwise
   * (docs/performance.md). Meant for a background thread started before the command line and the manifest are read,
   * which on two cores or more takes it off that path. Sends nothing, resolves no name, prints nothing; a failure here
   * is left for the real connection to meet and report.
   */
  public static void warmUp(java.util.Map<String, String> env) {
    try {
      // the trust store first: the largest single piece. Whichever thread asks second waits for the first and is
      // given what it read, so the real connection never reads it again, even when it gets there before this ends.
      javax.net.ssl.TrustManagerFactory trust =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      trust.init((java.security.KeyStore) null);
      javax.net.ssl.SSLContext.getInstance("TLS").init(null, trust.getTrustManagers(), null);
      warm = trust;
      Options options = Options.standard(Trace.NONE);
      String baseUrl = "https://graph.microsoft.com/v1.0";
      TokenSource tokens = TokenSource.fixed(new appreg.provisioning.secret.Sensitive("warm-up"));
      OkHttpClient http = httpClient(options, tokens, new Network(env), new Coalescer(baseUrl, Trace.NONE));
      okhttp3.HttpUrl.get(baseUrl);
      warm = client(tokens, URI.create("https://graph.microsoft.com"), http, baseUrl);
    } catch (RuntimeException | LinkageError | java.security.GeneralSecurityException e) {
      // the real connection meets the same cause and reports it
    }
  }

  private static OkHttpClient httpClient(Options options, TokenSource tokens, Network network, Coalescer together) {
    List<Interceptor> chain = new ArrayList<>();
    chain.add(new ClientRequestIds());
    for (Interceptor i : GraphClientFactory.createDefaultGraphInterceptors(GraphServiceClient.getGraphClientOptions())) {
      if (i instanceof RetryHandler) {
        chain.add(new ThrottleRetry(options.sleeper(), options.clock(), options.trace(), options.budget(), options.random()));
        // below the retry, so that an item throttled inside a batch is retried on its own terms
        chain.add(together);
      } else {
        chain.add(i);
      }
    }
    chain.add(new RenewToken(tokens, options.trace()));
    chain.add(new TraceRequests(options.trace()));
    // OkHttp would silently re-send a request whose connection dropped, POSTs included (addPassword twice is a leaked
    // secret); ThrottleRetry alone decides what may be sent again. Network sets the connect timeout (seconds, not a
    // minute) and names the host when a connection cannot be made.
    return network.configure(GraphClientFactory.create(GraphServiceClient.getGraphClientOptions(), chain)
            .retryOnConnectionFailure(false))
        // no call-wide timeout: a request waiting for its batch (Coalescer) or behind a Retry-After would use it up
        // while nothing is on the wire, and OkHttp would then cancel a call whose request another thread has sent
        .readTimeout(Duration.ofSeconds(60))
        .build();
  }

  public GraphServiceClient client() {
    return client;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public boolean sandbox() {
    return local != null;
  }

  public Options options() {
    return options;
  }

  /** Calls on threads of one group go out together, as one {@code $batch} ({@link Coalescer}). */
  public Together together() {
    return together;
  }

  /** The caller's permissions as the token states them; empty when the token is opaque. */
  public Optional<CallerClaims> caller() {
    return CallerClaims.parse(SecretAccess.forAuthorizationHeader(tokens.token()));
  }

  @Override
  public void close() {
    if (local != null) local.close();
  }
}
