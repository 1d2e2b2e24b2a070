package appreg.provisioning.certificate;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The few DER encodings an X.509 certificate needs (ITU-T X.690). The JDK parses certificates and encodes names and
 * public keys through supported APIs, but offers no supported way to build the to-be-signed part of a certificate
 * ({@code sun.security.x509} is internal and not exported); this class fills exactly that gap, and every certificate it
 * helps build is parsed back and verified by the JDK's own {@code CertificateFactory} before it is used.
 */
final class Der {
  private Der() {}

  static byte[] sequence(byte[]... parts) {
    return tagged(0x30, concat(parts));
  }

  static byte[] integer(BigInteger value) {
    return tagged(0x02, value.toByteArray());
  }

  static byte[] integer(long value) {
    return integer(BigInteger.valueOf(value));
  }

  static byte[] bool(boolean value) {
    return tagged(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
  }

  static byte[] nul() {
    return new byte[] {0x05, 0x00};
  }

  static byte[] octetString(byte[] content) {
    return tagged(0x04, content);
  }

  /** A BIT STRING whose content is whole bytes, or ends in {@code unusedBits} unused bits. */
  static byte[] bitString(byte[] content, int unusedBits) {
    byte[] body = new byte[content.length + 1];
    body[0] = (byte) unusedBits;
    System.arraycopy(content, 0, body, 1, content.length);
    return tagged(0x03, body);
  }

  /** [n] EXPLICIT, constructed context-specific tag around one encoded value. */
  static byte[] explicit(int n, byte[] inner) {
    return tagged(0xA0 | n, inner);
  }

  static byte[] oid(String dotted) {
    String[] parts = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
    for (int i = 2; i < parts.length; i++) {
      long v = Long.parseLong(parts[i]);
      int groups = 1;
      for (long t = v >> 7; t > 0; t >>= 7) groups++;
      for (int g = groups - 1; g >= 0; g--) {
        int b = (int) ((v >> (7 * g)) & 0x7F);
        out.write(g == 0 ? b : b | 0x80);
      }
    }
    return tagged(0x06, out.toByteArray());
  }

  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds, always UTC. */
  static byte[] time(Instant t) {
    int year = t.atOffset(ZoneOffset.UTC).getYear();
    if (year >= 1950 && year < 2050) return tagged(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    return tagged(0x18, GENERALIZED_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) out.write((n >> (8 * i)) & 0xFF);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
