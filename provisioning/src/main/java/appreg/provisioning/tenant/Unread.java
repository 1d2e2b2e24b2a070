package appreg.provisioning.tenant;

import java.util.List;
import java.util.Objects;

/**
 * A part of the tenant that Graph refused to read, with Graph's answer: {@code status} and {@code code} as Graph sent
 * them, {@code message} Graph's own words (untrusted text: escape it before a terminal sees it), {@code requestId} for
 * a support case, {@code needs} the permissions that would let the caller read it when the refusal was a 403.
 * {@code status} 0 means nothing was refused: the source held no such part (an older snapshot), or appreg chose not to
 * read all of it, and then {@code message} says why.
 */
public record Unread(TenantPart part, int status, String code, String message, String requestId, List<String> needs) {
  public Unread {
    Objects.requireNonNull(part, "part");
    code = code == null ? "" : code;
    message = message == null ? "" : message;
    requestId = requestId == null ? "" : requestId;
    needs = needs == null ? List.of() : List.copyOf(needs);
  }

  /** A part the source does not hold at all, such as a policy missing from a snapshot. */
  public static Unread absent(TenantPart part) {
    return new Unread(part, 0, "", "", "", List.of());
  }

  /**
   * A part appreg chose not to read in full, with why in {@code message}: status 0, as nothing was refused.
   */
  public static Unread notRead(TenantPart part, String why) {
    return new Unread(part, 0, "", why, "", List.of());
  }

  /**
   * Why, in one phrase: {@code Graph 400 Request_BadRequest "$count is not currently supported." (request-id …)}, and
   * for a 403 what would allow it. Graph's message is included as is; text renderers escape it.
   */
  public String reason() {
    if (status == 0) return message.isEmpty() ? "not in the source that was read" : message;
    StringBuilder b = new StringBuilder("Graph ").append(status);
    if (!code.isEmpty()) b.append(' ').append(code);
    if (!message.isEmpty()) b.append(" \"").append(message).append('"');
    if (!requestId.isEmpty()) b.append(" (request-id ").append(requestId).append(')');
    if (status == 403 && !needs.isEmpty()) b.append("; needs ").append(String.join(" or ", needs));
    return b.toString();
  }
}
