package appreg.provisioning.graph;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * How appreg reaches the network, for Graph and for signing in alike: timeouts short enough that an unreachable host
 * is reported within seconds, the proxy of {@code HTTPS_PROXY} / {@code NO_PROXY} (as curl, the Azure CLI and Azure
 * Identity read them; Java alone ignores them), extra trusted certificates from {@code APPREG_EXTRA_CA_CERTS} (a proxy
 * that inspects TLS), and one sentence naming the host for each way a connection fails before an HTTP answer.
 */
public final class Network {
  public static final String EXTRA_CA_CERTS_VARIABLE = "APPREG_EXTRA_CA_CERTS";
  /** A host that does not answer is reported after this, once: no retry of a connection that was never made. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, String> env;
  private final ProxySelector proxies;
  private final X509TrustManager trust;

  public Network(Map<String, String> env) {
    this.env = Map.copyOf(env);
    this.proxies = new EnvironmentProxies(this.env);
    this.trust = trustManager(this.env);
  }

  /** The real process environment. */
  public static Network system() {
    return new Network(System.getenv());
  }

  public Map<String, String> env() {
    return env;
  }

  /** Applies timeouts, proxy, trust, and the failure sentences to a client builder. */
  public OkHttpClient.Builder configure(OkHttpClient.Builder builder) {
    builder.connectTimeout(CONNECT_TIMEOUT).proxySelector(proxies).addInterceptor(new Sentences(proxies));
    if (trust != null) {
      try {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, null);
        builder.sslSocketFactory(tls.getSocketFactory(), trust);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
      }
    }
    return builder;
  }

  /**
   * A connection that failed before any HTTP answer, said in one sentence that names the host (and the proxy, when one
   * was used). {@link #sentence()} is what a person reads; the cause keeps the JDK's own words for {@code -v}.
   */
  public static final class Unreachable extends IOException {
    private final boolean lasting;

    Unreachable(String sentence, boolean lasting, IOException cause) {
      super(sentence, cause);
      this.lasting = lasting;
    }

    public String sentence() {
      return getMessage();
    }

    /** True when trying again within the run cannot help (a name that does not resolve, an untrusted certificate). */
    public boolean lasting() {
      return lasting;
    }
  }

  /** The first {@link Unreachable} among {@code e} and its causes. */
  public static Optional<Unreachable> unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof Unreachable u) return Optional.of(u);
    }
    return Optional.empty();
  }

  /** Outermost in a client's chain: turns a transport failure into an {@link Unreachable} naming the host. */
  private static final class Sentences implements Interceptor {
    private final ProxySelector proxies;

    Sentences(ProxySelector proxies) {
      this.proxies = proxies;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      try {
        return chain.proceed(request);
      } catch (Unreachable e) {
        throw e;
      } catch (IOException e) {
        Optional<Unreachable> said = describe(request.url().host(), request.url().port(), proxyFor(request), e);
        if (said.isPresent()) throw said.get();
        throw e;
      }
    }

    private String proxyFor(Request request) {
      for (Proxy p : proxies.select(request.url().uri())) {
        if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress a) {
          return a.getHostString() + ":" + a.getPort();
        }
      }
      return null;
    }
  }

  /** One sentence for a transport failure reaching {@code host}; empty for a failure after the connection was made. */
  static Optional<Unreachable> describe(String host, int port, String proxy, IOException e) {
    String via = proxy == null ? "" : " through the proxy " + proxy;
    String proxyHint = "; check HTTPS_PROXY and NO_PROXY";
    String text = String.valueOf(e.getMessage());
    if (proxy != null && text.startsWith("Unexpected response code for CONNECT")) {
      String status = text.substring(text.lastIndexOf(' ') + 1);
      return Optional.of(new Unreachable("the proxy " + proxy + " refused to connect to " + host + " (it answered "
          + status + " to CONNECT)" + proxyHint, true, e));
    }
    if (proxy != null && text.contains("Failed to authenticate with proxy")) {
      return Optional.of(new Unreachable("the proxy " + proxy + " refused to connect to " + host
          + " (it asks for a proxy login, which appreg does not give)" + proxyHint, true, e));
    }
    if (e instanceof UnknownHostException) {
      String name = proxy == null ? host : proxy.substring(0, proxy.lastIndexOf(':'));
      return Optional.of(new Unreachable("cannot reach " + (proxy == null ? host : "the proxy " + proxy) + ": the name "
          + name + " does not resolve (DNS)" + (proxy == null ? "; check the network connection, and --cloud or --graph-url"
          : proxyHint), true, e));
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return Optional.of(proxy == null
          ? new Unreachable("cannot reach " + host + ":" + port + " (" + (e instanceof NoRouteToHostException
              ? "no route to the host" : "connection refused") + "); check the network connection and any proxy "
              + "(HTTPS_PROXY)", true, e)
          : new Unreachable("cannot reach the proxy " + proxy + " (connection refused)" + proxyHint, true, e));
    }
    if (e instanceof SocketTimeoutException && text.toLowerCase(Locale.ROOT).contains("connect")) {
      return Optional.of(new Unreachable("cannot reach " + host + via + ": no connection within "
          + CONNECT_TIMEOUT.toSeconds() + " s; check the network connection and any proxy (HTTPS_PROXY)", true, e));
    }
    if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) {
      boolean untrusted = causes(e, "PKIX") || causes(e, "certificate");
      return Optional.of(new Unreachable("the TLS connection to " + host + via + " failed: " + (untrusted
          ? "its certificate is not trusted (a proxy that inspects TLS needs its CA certificate in "
              + EXTRA_CA_CERTS_VARIABLE + ")"
          : firstLine(text)), true, e));
    }
    if (e instanceof SSLException) {
      return Optional.of(new Unreachable("the TLS connection to " + host + via + " failed: " + firstLine(text), true, e));
    }
    return Optional.empty();
  }

  private static boolean causes(Throwable e, String word) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(word)) return true;
    }
    return false;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * {@code HTTPS_PROXY} (or {@code https_proxy}) for every https URL, {@code HTTP_PROXY} for plain http, except for
   * loopback addresses and the hosts of {@code NO_PROXY} (comma-separated names; a leading dot or {@code *.} matches
   * subdomains; {@code *} alone turns the proxy off).
   */
  static final class EnvironmentProxies extends ProxySelector {
    private final Map<String, String> env;

    EnvironmentProxies(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public List<Proxy> select(URI uri) {
      String host = uri.getHost();
      String setting = get("https".equalsIgnoreCase(uri.getScheme()) ? "HTTPS_PROXY" : "HTTP_PROXY");
      if (setting == null || host == null || Loopback.isLoopbackHost(host) || excluded(host)) return List.of(Proxy.NO_PROXY);
      URI proxy = URI.create(setting.contains("://") ? setting : "http://" + setting);
      int port = proxy.getPort() != -1 ? proxy.getPort() : "https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 80;
      return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
    }

    private boolean excluded(String host) {
      String list = get("NO_PROXY");
      if (list == null) return false;
      String h = host.toLowerCase(Locale.ROOT);
      for (String entry : list.split(",")) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (e.isEmpty()) continue;
        if (e.equals("*")) return true;
        if (e.startsWith("*.")) e = e.substring(1);
        if (e.startsWith(".") ? h.endsWith(e) || h.equals(e.substring(1)) : h.equals(e) || h.endsWith("." + e)) return true;
      }
      return false;
    }

    private String get(String name) {
      String v = env.get(name);
      if (v == null || v.isBlank()) v = env.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isBlank() ? null : v.trim();
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
      // reported by the request that failed
    }
  }

  /** Java's trusted certificates plus those of APPREG_EXTRA_CA_CERTS; null (Java's alone) when it is not set. */
  private static X509TrustManager trustManager(Map<String, String> env) {
    String file = env.get(EXTRA_CA_CERTS_VARIABLE);
    if (file == null || file.isBlank()) return null;
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      TrustManagerFactory javas = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      javas.init((KeyStore) null);
      int n = 0;
      for (TrustManager m : javas.getTrustManagers()) {
        if (m instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) store.setCertificateEntry("java-" + n++, c);
        }
      }
      List<Certificate> extra = new ArrayList<>();
      try (InputStream in = Files.newInputStream(Path.of(file.trim()))) {
        extra.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
      }
      if (extra.isEmpty()) throw new IOException("no certificate in it");
      for (Certificate c : extra) store.setCertificateEntry("extra-" + n++, c);
      TrustManagerFactory all = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      all.init(store);
      for (TrustManager m : all.getTrustManagers()) if (m instanceof X509TrustManager x) return x;
      throw new IllegalStateException("no X.509 trust manager");
    } catch (IOException | GeneralSecurityException e) {
      throw new appreg.provisioning.UsageException(EXTRA_CA_CERTS_VARIABLE + "=" + file + ": cannot read PEM certificates "
          + "from it (" + e.getMessage() + ")");
    }
  }
}
