package appreg.cli.render;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A writer of UTF-8 text to a stream, as {@code new PrintWriter(new OutputStreamWriter(out, UTF_8))}, that also takes
 * text already encoded ({@link #writeUtf8}), which goes to the stream after whatever was written before it.
 */
public final class Utf8PrintWriter extends PrintWriter {
  private final OutputStream stream;

  public Utf8PrintWriter(OutputStream stream) {
    super(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
    this.stream = stream;
  }

  /** Writes {@code length} bytes of UTF-8 from {@code bytes}; an error shows in {@link #checkError}, as for text. */
  public void writeUtf8(byte[] bytes, int offset, int length) {
    flush();
    try {
      stream.write(bytes, offset, length);
    } catch (IOException e) {
      setError();
    }
  }
}
