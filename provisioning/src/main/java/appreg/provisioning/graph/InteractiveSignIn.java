package appreg.provisioning.graph;

import appreg.provisioning.SignInException;
import appreg.provisioning.secret.Sensitive;
import com.microsoft.aad.msal4j.DeviceCode;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import com.microsoft.aad.msal4j.InteractiveRequestParameters;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import com.microsoft.aad.msal4j.SystemBrowserOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A person signs in, with a device code or in a browser, as a public client (Microsoft Graph Command Line Tools unless
 * {@code --client-id} names the organisation's own), asking for exactly the delegated scopes the run needs. Every
 * prompt goes to {@code prompt} (stderr), never to stdout. Then tokens are renewed silently with the refresh token
 * the sign-in gave, for as long as the run lasts.
 *
 * <p>Built on MSAL for Java, the library Azure Identity's DeviceCodeCredential and InteractiveBrowserCredential wrap
 * (Azure/azure-sdk-for-java, sdk/identity): the same flows and the same loopback redirect ({@code http://localhost} on
 * a free port), but with two things the credentials do not offer: the browser sign-in address can be printed (a
 * session without a browser, or a browser that does not open, can still sign in), and a token Graph refused can be
 * replaced by a fresh one ({@code forceRefresh}) instead of the cached one that was just refused.
 */
final class InteractiveSignIn implements TokenSource {
  /** How long the browser sign-in waits for the redirect before giving up. */
  private static final int BROWSER_WAIT_SECONDS = 300;

  private final PublicClientApplication app;
  private final ConnectionSettings settings;
  private final Set<String> scopes;
  private final Consumer<String> prompt;
  private final Clock clock;
  private final Map<String, String> env;
  private final String authority;
  private IAuthenticationResult current;

  private InteractiveSignIn(PublicClientApplication app, ConnectionSettings settings, Set<String> scopes,
                            Consumer<String> prompt, Clock clock, Map<String, String> env, String authority) {
    this.authority = authority;
    this.app = app;
    this.settings = settings;
    this.scopes = scopes;
    this.prompt = prompt;
    this.clock = clock;
    this.env = env;
  }

  static InteractiveSignIn open(ConnectionSettings s, ConnectionSettings.Resolved r, Network network,
                                Consumer<String> prompt, Clock clock) {
    String host = r.authorityHost().toString();
    if (host.endsWith("/")) host = host.substring(0, host.length() - 1);
    // "organizations": work and school accounts of any tenant; appreg manages Entra tenants, not personal accounts
    String authority = host + "/" + (s.tenant() == null ? "organizations" : s.tenant()) + "/";
    boolean known = false;
    for (Cloud c : Cloud.values()) known |= c.authorityHost().getHost().equalsIgnoreCase(r.authorityHost().getHost());
    try {
      var builder = PublicClientApplication.builder(s.publicClient()).authority(authority)
          .httpClient(new Http(network.configure(new OkHttpClient.Builder()).readTimeout(Duration.ofSeconds(30)).build()));
      // another sign-in host (--authority-host) has no entry in Microsoft's instance metadata: asking would fail
      if (!known) builder.instanceDiscovery(false);
      Set<String> scopes = new LinkedHashSet<>(r.delegated(s.scopes()));
      return new InteractiveSignIn(builder.build(), s, scopes, prompt, clock, network.env(), authority);
    } catch (java.net.MalformedURLException e) {
      throw new appreg.provisioning.UsageException("--authority-host " + host + ": not a URL (" + e.getMessage() + ")");
    }
  }

  @Override
  public synchronized Sensitive token() {
    if (current == null) {
      current = signIn();
    } else if (current.expiresOnDate().toInstant().minus(Duration.ofMinutes(5)).isBefore(clock.instant())) {
      current = silent(false).orElseGet(this::signIn);
    }
    return new Sensitive(current.accessToken());
  }

  @Override
  public synchronized Optional<Sensitive> renew(Sensitive refused) {
    Optional<IAuthenticationResult> fresh = silent(true);
    if (fresh.isEmpty() || refused.equals(new Sensitive(fresh.get().accessToken()))) return Optional.empty();
    current = fresh.get();
    return Optional.of(new Sensitive(current.accessToken()));
  }

  private Optional<IAuthenticationResult> silent(boolean forceRefresh) {
    if (current == null || current.account() == null) return Optional.empty();
    try {
      // the authority as given: the account alone names the host without its port
      return Optional.of(app.acquireTokenSilently(SilentParameters.builder(scopes, current.account())
          .authorityUrl(authority).forceRefresh(forceRefresh).build()).get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private IAuthenticationResult signIn() {
    String as = "as " + clientName() + ", asking for " + String.join(" ", settings.scopes());
    try {
      if (settings.signIn() == ConnectionSettings.SignIn.DEVICE_CODE) {
        prompt.accept("appreg: signing in to Microsoft Graph with a device code " + as);
        Consumer<DeviceCode> show = code -> prompt.accept(code.message());
        return app.acquireToken(DeviceCodeFlowParameters.builder(scopes, show).build()).get();
      }
      prompt.accept("appreg: signing in to Microsoft Graph in a browser " + as);
      SystemBrowserOptions browser = SystemBrowserOptions.builder().openBrowserAction(this::openBrowser).build();
      return app.acquireToken(InteractiveRequestParameters.builder(URI.create("http://localhost")).scopes(scopes)
          .systemBrowserOptions(browser).httpPollingTimeoutInSeconds(BROWSER_WAIT_SECONDS).build()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SignInException("signing in was interrupted", "", e);
    } catch (ExecutionException | CompletionException e) {
      throw failed(e.getCause() == null ? e : e.getCause());
    } catch (MsalException e) {
      throw failed(e);
    }
  }

  private String clientName() {
    return settings.clientId() == null
        ? "Microsoft Graph Command Line Tools (" + ConnectionSettings.GRAPH_COMMAND_LINE_TOOLS + ")"
        : "the public client " + settings.clientId();
  }

  /** One line for a sign-in that did not give a token, and what to do about it. */
  private SignInException failed(Throwable e) {
    String how = settings.signIn() == ConnectionSettings.SignIn.DEVICE_CODE ? "with a device code" : "in a browser";
    Optional<Network.Unreachable> unreachable = Network.unreachable(e);
    if (unreachable.isPresent()) {
      return new SignInException("signing in " + how + ": " + unreachable.get().sentence(), "", e);
    }
    String code = e instanceof MsalServiceException m ? m.errorCode() : "";
    String text = firstSentence(String.valueOf(e.getMessage()));
    String hint = "";
    if (text.contains("AADSTS7000218")) {
      hint = "the application " + settings.publicClient() + " is not a public client: turn on 'Allow public client "
          + "flows' in its Authentication settings, or leave out --client-id";
    } else if (text.contains("AADSTS65001") || text.contains("AADSTS90094") || text.contains("consent")) {
      hint = "an administrator consents once to the scopes appreg asks for (see docs/permissions.md, Signing in)";
    } else if ("authorization_declined".equals(code) || "access_denied".equals(code)) {
      hint = "the sign-in was declined; run the command again to sign in again";
    } else if ("expired_token".equals(code) || text.contains("timed out") || text.contains("Timeout")) {
      hint = "the sign-in was not completed in time; run the command again";
    }
    return new SignInException("signing in " + how + " as " + settings.publicClient() + " failed: " + text, hint, e);
  }

  private static String firstSentence(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    int trace = line.indexOf(" Trace ID:");
    return (trace < 0 ? line : line.substring(0, trace)).trim();
  }

  /**
   * Prints the sign-in address first (a session without a browser can still use it), then opens it: with the command
   * in {@code BROWSER} (the convention of xdg-utils, Python and git), else the desktop's browser.
   */
  private void openBrowser(URL url) {
    prompt.accept("Open this address to sign in, if no browser opens: " + url);
    String command = env.get("BROWSER");
    try {
      if (command != null && !command.isBlank()) {
        new ProcessBuilder(List.of(command.split(java.io.File.pathSeparator)[0].trim(), url.toString()))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return;
      }
      if (java.awt.Desktop.isDesktopSupported() && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
        java.awt.Desktop.getDesktop().browse(url.toURI());
        return;
      }
      String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
      new ProcessBuilder(os.contains("mac") ? "open" : "xdg-open", url.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (Exception e) {
      prompt.accept("appreg: no browser could be opened here; open the address above in a browser on this machine");
    }
  }

  /** MSAL's requests over the same network settings as Graph's: proxy, trust, timeouts, sentences naming the host. */
  private static final class Http implements IHttpClient {
    private final OkHttpClient client;

    Http(OkHttpClient client) {
      this.client = client;
    }

    @Override
    public IHttpResponse send(com.microsoft.aad.msal4j.HttpRequest request) throws IOException {
      Request.Builder b = new Request.Builder().url(request.url());
      if (request.headers() != null) request.headers().forEach((k, v) -> { if (v != null) b.header(k, v); });
      String method = request.httpMethod().name();
      if (method.equals("GET")) {
        b.get();
      } else {
        String type = request.headers() == null ? null : request.headers().get("Content-Type");
        b.method(method, RequestBody.create(request.body() == null ? "" : request.body(),
            MediaType.parse(type == null ? "application/x-www-form-urlencoded" : type)));
      }
      try (Response response = client.newCall(b.build()).execute()) {
        var out = new com.microsoft.aad.msal4j.HttpResponse().statusCode(response.code())
            .body(response.body() == null ? "" : response.body().string());
        out.addHeaders(response.headers().toMultimap());
        return out;
      }
    }
  }
}
