package appreg.provisioning.graph;

import appreg.provisioning.SignInException;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.core.credential.TokenCredential;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The Azure Identity default chain (environment, workload identity, managed identity, Azure CLI, …), reading the
 * environment appreg was given and reaching the sign-in service over {@link Network}. When it gives no token, one line
 * says so instead of its long {@code ClientAuthenticationException} text, which stays for {@code -v}.
 */
final class DefaultChain {
  private DefaultChain() {}

  /** What a person reads when no credential was found anywhere. */
  static final String NO_CREDENTIAL = "appreg found no credential to sign in to Microsoft Graph";
  static final String WAYS = "sign in with 'az login', set the AZURE_* variables or use workload or managed identity, "
      + "pass --device-code or --browser, set APPREG_ACCESS_TOKEN, or try --sandbox (see docs/real-tenant.md)";

  /**
   * Variables that configure a credential of the chain explicitly (EnvironmentCredential, WorkloadIdentityCredential,
   * ManagedIdentityCredential on App Service and Arc; azure-identity's EnvironmentCredential and
   * ManagedIdentityCredential sources). When none is set, what the chain tried were probes (the VM metadata endpoint,
   * the Azure CLI, the Azure Developer CLI, PowerShell, IDEs) and their failures mean "nothing found here".
   */
  static final List<String> EXPLICIT = List.of("AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
      "AZURE_USERNAME", "AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT", "MSI_ENDPOINT");

  static TokenCredential build(ConnectionSettings s, ConnectionSettings.Resolved r, Network network) {
    OkHttpClient http = network.configure(new OkHttpClient.Builder()).build();
    var b = new com.azure.identity.DefaultAzureCredentialBuilder()
        .authorityHost(r.authorityHost().toString())
        .configuration(configuration(network.env()))
        .httpClient(new OkHttpAsyncHttpClientBuilder(http).build());
    if (s.tenant() != null) b.tenantId(s.tenant());
    return b.build();
  }

  /** Azure Identity reads AZURE_* (and AZURE_TOKEN_CREDENTIALS, which limits the chain) from here. */
  static Configuration configuration(Map<String, String> env) {
    ConfigurationSource none = path -> Map.of();
    ConfigurationSource environment = path -> env;
    return new ConfigurationBuilder(none, none, environment).build();
  }

  /** The chain's failure, said in one line with its way forward; anything else as it came. */
  static RuntimeException failed(RuntimeException e, Map<String, String> env) {
    if (!(e instanceof ClientAuthenticationException)) return e;
    Optional<Network.Unreachable> unreachable = Network.unreachable(e);
    if (unreachable.isPresent()) {
      return new SignInException("signing in with the Azure Identity default chain: " + unreachable.get().sentence(), "", e);
    }
    List<String> configured = EXPLICIT.stream().filter(v -> env.get(v) != null && !env.get(v).isBlank()).toList();
    if (configured.isEmpty()) return new SignInException(NO_CREDENTIAL, WAYS, e);
    String text = String.valueOf(e.getMessage());
    int nl = text.indexOf('\n');
    return new SignInException("signing in with the credential that " + String.join(", ", configured) + " set up failed: "
        + (nl < 0 ? text : text.substring(0, nl)).trim(),
        "check those variables (docs/troubleshooting.md, Signing in), or unset them to use another way", e);
  }
}
