package appreg.provisioning.profile;

import java.net.URI;
import java.util.List;

/**
 * How to get the first access token for a profile's API with the registration apply just made: the resource (or
 * scope) string Microsoft's page for that API documents, who signs in, and what to add to the registration for that
 * sign-in. The tenant's authority and the client ID come from the run; {@link #resource(URI)} fills in the cloud's
 * Microsoft Graph root for an API that is Graph itself.
 *
 * @param api the API the token is for, as people call it
 * @param resource the documented {@code resource} value of the v1.0 token endpoint, or {@link #GRAPH} for Microsoft
 *     Graph in the run's cloud
 * @param appPlusUser true when a user signs in together with the app's credentials (delegated, "App+User"); false for
 *     the client-credentials grant, where the app signs in alone
 * @param who who signs in: the kind of user for App+User, or the app itself
 * @param redirectUri a loopback redirect URI an interactive sign-in needs on the registration, or null
 * @param source the Microsoft page that documents the token request
 * @param notes what else to know before the first call
 */
public record FirstToken(String api, String resource, boolean appPlusUser, String who, String redirectUri,
                         String source, List<String> notes) {
  /** Stands for the Microsoft Graph root of the run's cloud (https://graph.microsoft.com in the global cloud). */
  public static final String GRAPH = "{graph}";

  public FirstToken {
    notes = List.copyOf(notes);
    if (!source.startsWith("https://")) throw new IllegalArgumentException("a token recipe links to its source");
  }

  /**
   * How to sign in. App+User calls to Partner Center need multifactor sign-in, which the username-and-password grant
   * of Microsoft's samples cannot give (https://learn.microsoft.com/en-us/partner-center/developer/enable-secure-app-model).
   */
  public String grant() {
    return appPlusUser
        ? "authorization code (interactive, through the loopback redirect) or device code, with multifactor sign-in "
            + "and the client secret; not the password grant of Microsoft's sample, which cannot satisfy MFA"
        : "client_credentials (client ID and secret, no user)";
  }

  /** The resource string for a cloud whose Microsoft Graph root is {@code graphRoot}. */
  public String resource(URI graphRoot) {
    String root = graphRoot.toString().replaceAll("/+$", "");
    return resource.equals(GRAPH) ? root : resource;
  }

  /**
   * The v2.0 endpoint's form of the same request: {@code RESOURCE/.default} asks for the permissions consented to that
   * resource (https://learn.microsoft.com/entra/identity-platform/scopes-oidc#the-default-scope).
   */
  public String scope(URI graphRoot) {
    return resource(graphRoot) + "/.default";
  }
}
