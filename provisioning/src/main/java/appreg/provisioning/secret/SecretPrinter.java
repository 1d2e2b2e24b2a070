package appreg.provisioning.secret;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --show-secret}: the issued secret goes to stdout. For people ({@link #immediate}) it is printed the moment it
 * is issued, as the same JSON the secret directory holds. For scripts ({@link #held}) stdout holds one JSON document,
 * so the secret is kept until that document is printed and placed inside it through {@link #shown}: the only way a
 * secret reaches a JSON document, and only this class reveals it there.
 */
public final class SecretPrinter implements SecretDestination {
  private final PrintWriter out;
  private final Map<String, SecretDelivery> held = new LinkedHashMap<>();

  private SecretPrinter(PrintWriter out) {
    this.out = out;
  }

  /** Prints each secret on {@code out} as soon as it is issued. */
  public static SecretPrinter immediate(PrintWriter out) {
    return new SecretPrinter(out);
  }

  /** Keeps each secret for the one JSON document the command prints at its end. */
  public static SecretPrinter held() {
    return new SecretPrinter(null);
  }

  @Override public String describe(String key) { return "stdout"; }
  @Override public void check(String key) {}

  @Override
  public void deliver(SecretDelivery d) {
    if (out == null) {
      synchronized (held) {
        held.put(d.key(), d);
      }
      return;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      SecretDirectory.write(buf, d);
    } catch (IOException e) {
      throw new DeliveryException("could not print the secret", e);
    }
    synchronized (out) {
      out.print(buf.toString(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /**
   * The secret held for {@code key}, as a value a JSON document can carry: it writes the secret text when serialised
   * (by any mapper), and prints as {@code (sensitive)} anywhere else.
   */
  public Optional<JsonSerializable> shown(String key) {
    SecretDelivery d;
    synchronized (held) {
      d = held.get(key);
    }
    return d == null ? Optional.empty() : Optional.of(new Shown(d.secret().value()));
  }

  /** A secret on its way into the one document --show-secret asks for. */
  private record Shown(Sensitive value) implements JsonSerializable {
    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeString(value.reveal());
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer) throws IOException {
      serialize(gen, serializers);
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  @Override public void markPending(String key, Instant issuedAfter) {}
  @Override public void clearPending(String key) {}
  @Override public Optional<Instant> pendingSince(String key) { return Optional.empty(); }
}
