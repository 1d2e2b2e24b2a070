package appreg.provisioning.graph;

import appreg.provisioning.AppregException;
import appreg.provisioning.GraphCallException;
import appreg.provisioning.MissingPrivilegeException;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns what the SDK throws into appreg's failures: a 403 {@code Authorization_RequestDenied} into
 * {@link MissingPrivilegeException} naming what the step needs (exit 77), anything else into
 * {@link GraphCallException} with status, code and request-id (exit 1). Response bodies are never copied beyond
 * Graph's error code and message.
 */
public final class GraphErrors {
  private GraphErrors() {}

  /** Graph's answer to a failed call, as far as appreg needs it. */
  public record Failure(int status, String code, String message, String requestId) {
    public boolean is(int status, String code) {
      return this.status == status && this.code.equalsIgnoreCase(code);
    }


    public boolean messageContains(String part) {
      return message.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
  }

  public static Optional<Failure> failure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiException api) return Optional.of(describe(api));
    }
    return Optional.empty();
  }

  static Failure describe(ApiException e) {
    String code = "";
    String message = "";
    String requestId = "";
    if (e instanceof ODataError odata && odata.getError() != null) {
      code = nz(odata.getError().getCode());
      message = nz(odata.getError().getMessage());
      if (odata.getError().getInnerError() != null) {
        requestId = nz(odata.getError().getInnerError().getRequestId());
      }
    }
    if (requestId.isEmpty() && e.getResponseHeaders() != null) {
      var ids = e.getResponseHeaders().get("request-id");
      if (ids != null && !ids.isEmpty()) requestId = ids.iterator().next();
    }
    if (message.isEmpty() && code.isEmpty()) message = firstLine(e.getMessage());
    return new Failure(e.getResponseStatusCode(), code, message, requestId);
  }

  /**
   * Runs one Graph call of a named step and translates its failure. {@code needed} lists the least-privileged
   * permissions or roles that would let the step run, for the exit-77 message.
   */
  public static <T> T call(String step, List<String> needed, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw translate(step, needed, e);
    }
  }

  public static AppregException translate(String step, List<String> needed, Throwable e) {
    return translate(step, new Needs(needed, List.of()), e, Optional.empty());
  }

  /** As {@link #translate(String, List, Throwable)}, naming after a 403 only what {@code caller} does not hold. */
  static AppregException translate(String step, Needs needs, Throwable e, Optional<CallerClaims> caller) {
    if (e instanceof AppregException a) return a;
    // a sign-in that failed while the SDK asked for the token comes back wrapped
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof appreg.provisioning.SignInException s) return s;
    }
    Optional<Failure> f = failure(e);
    if (f.isPresent()) {
      Failure failure = f.get();
      if (failure.status() == 403 && isPrivilegeDenial(failure)) {
        return denied(step, needs, failure, caller);
      }
      if (failure.status() == 401 && expired(failure)) {
        return new GraphCallException(step, 401, failure.code(), EXPIRED, failure.requestId(), e);
      }
      if (failure.status() == 401) {
        return new GraphCallException(step, 401, failure.code(),
            "the access token was refused (expired, or issued for another cloud or audience); sign in again or set a new APPREG_ACCESS_TOKEN",
            failure.requestId(), e);
      }
      return new GraphCallException(step, failure.status(), failure.code(), failure.message(), failure.requestId(), e);
    }
    Optional<Network.Unreachable> unreachable = Network.unreachable(e);
    if (unreachable.isPresent()) return GraphCallException.unreachable(step, unreachable.get().sentence(), e);
    Throwable io = e;
    while (io != null && !(io instanceof IOException)) io = io.getCause();
    if (io != null || e instanceof UncheckedIOException) {
      return new GraphCallException(step, 0, "", "connection problem: " + firstLine(String.valueOf((io == null ? e : io).getMessage())), "", e);
    }
    return new GraphCallException(step, 0, "", "unexpected " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()), "", e);
  }

  /**
   * What a person reads when Graph says the token's lifetime is over. A token appreg can renew was already renewed once
   * for this request (see RenewToken), so this is a fixed token (APPREG_ACCESS_TOKEN) or a sign-in that could not give
   * a fresh one.
   */
  public static final String EXPIRED = "the access token expired; get a new one (sign in again, or set a new "
      + "APPREG_ACCESS_TOKEN) and run the same command again: it continues from what is in the tenant";

  /**
   * Graph's 401 for a token past its {@code exp}: {@code InvalidAuthenticationToken} "Lifetime validation failed, the
   * token is expired." (the body as captured from Graph in public test suites, e.g. firezone/firezone's Microsoft Entra
   * directory sync tests and n8n-io/n8n's Microsoft OAuth2 refresh test).
   */
  static boolean expired(Failure f) {
    return f.messageContains("token is expired") || f.messageContains("lifetime validation failed");
  }

  /**
   * Exit 77 for a refused step, naming only what the caller lacks, judged from its token's claims. When it holds one of
   * the permissions, what is missing is a stronger permission it does not hold (Application.ReadWrite.OwnedBy on a
   * registration it does not own needs Application.ReadWrite.All), else for a signed-in user a directory role. An
   * opaque token (no claims to read) is told every permission of the step.
   */
  static MissingPrivilegeException denied(String step, Needs needs, Failure f, Optional<CallerClaims> caller) {
    String seen = "Graph 403 " + f.code() + (f.requestId().isEmpty() ? "" : " (request-id " + f.requestId() + ")");
    if (caller.isEmpty()) return new MissingPrivilegeException(step, needs.anyOf(), seen);
    CallerClaims c = caller.get();
    List<String> lacking = c.lacking(needs.anyOf());
    if (!lacking.isEmpty()) return new MissingPrivilegeException(step, lacking, seen);
    List<String> held = c.held(c.usable(needs.anyOf()));
    String holds = seen + "; the token holds " + String.join(" and ", held);
    List<String> stronger = c.usable(needs.anyOf()).stream().filter(p -> !c.holds(p)).toList();
    if (!stronger.isEmpty()) {
      return new MissingPrivilegeException(step, stronger, holds + ", which Graph did not accept for this object");
    }
    if (!c.appOnly() && !needs.delegatedRoles().isEmpty()) {
      return new MissingPrivilegeException(step, needs.delegatedRoles(),
          holds + ", so the signed-in user lacks a directory role that may do this");
    }
    return new MissingPrivilegeException(step, List.of(), holds + " and Graph still refused; see docs/troubleshooting.md");
  }

  /** The explanation of Graph's 403 to a caller holding only Application.ReadWrite.OwnedBy, for exit-77 messages. */
  public static final String OWNED_BY_ONLY_LOCAL = "Application.ReadWrite.OwnedBy lets Graph create service principals "
      + "only for applications registered in this tenant, and this one is registered in another";

  /** "When using this permission, the backing application of the service principal being created must in the local tenant". */
  static boolean isOtherTenantRefusal(Failure f) {
    return f.messageContains("backing application") || f.messageContains("local tenant");
  }

  /**
   * Exit 77 for Graph's refusal to create the service principal of an application this run did not create: the caller
   * holds only Application.ReadWrite.OwnedBy, which covers applications of this tenant only. Empty when the token says
   * it holds a permission that would have done: then the answer is not about permissions.
   */
  static Optional<MissingPrivilegeException> otherTenantApplication(String step, Failure f, Optional<CallerClaims> caller) {
    List<String> enough = Needs.FOREIGN_SERVICE_PRINCIPAL_WRITE.anyOf();
    List<String> lacking = caller.map(c -> c.lacking(enough)).orElse(enough);
    if (lacking.isEmpty()) return Optional.empty();
    return Optional.of(new MissingPrivilegeException(step, lacking, "Graph 403 " + f.code()
        + (f.requestId().isEmpty() ? "" : " (request-id " + f.requestId() + ")") + ": " + OWNED_BY_ONLY_LOCAL));
  }

  /**
   * A 403 that means "you may not": {@code Authorization_RequestDenied}, or Graph's generic 403. Not the replication
   * 403 ("…backing application … local tenant") seen right after creating a service principal.
   */
  static boolean isPrivilegeDenial(Failure f) {
    return !isOtherTenantRefusal(f);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
