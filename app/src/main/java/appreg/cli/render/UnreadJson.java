package appreg.cli.render;

import appreg.provisioning.tenant.Unread;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A part of the tenant Graph refused to read, as audit and export print it in JSON: the snapshot's {@code unread} item
 * plus {@code reason}, the same sentence the text output shows.
 */
public final class UnreadJson {
  private UnreadJson() {}

  public static ObjectNode of(Unread u) {
    ObjectNode o = Json.object();
    o.put("part", u.part().id());
    if (u.status() > 0) o.put("status", u.status());
    o.put("code", u.code()).put("message", u.message()).put("requestId", u.requestId());
    var needs = o.putArray("needs");
    u.needs().forEach(needs::add);
    o.put("reason", u.reason());
    return o;
  }
}
