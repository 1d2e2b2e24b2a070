package appreg.provisioning.secret;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** {@code --show-secret}: prints each issued secret on stdout, as the same JSON the secret directory holds. */
public final class SecretPrinter implements SecretDestination {
  private final PrintWriter out;

  public SecretPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override public String describe(String key) { return "stdout"; }
  @Override public void check(String key) {}

  @Override
  public void deliver(SecretDelivery d) {
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

  @Override public void markPending(String key, Instant issuedAfter) {}
  @Override public void clearPending(String key) {}
  @Override public Optional<Instant> pendingSince(String key) { return Optional.empty(); }
}
