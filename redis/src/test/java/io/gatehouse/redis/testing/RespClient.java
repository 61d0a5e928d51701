package io.gatehouse.redis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-shot RESP2 client: it opens a socket, sends one command, reads one reply and closes the socket.
 *
 * <p>The harness uses it for readiness checks and for the commands tests send to their own server, so that it does
 * not depend on Lettuce, the client under test. Replies map to {@link String} (simple and bulk strings),
 * {@link Long} (integers), {@link List} (arrays, elements mapped the same way) and {@code null} (nil); an error reply
 * throws {@link IllegalStateException} with the error's text.
 */
final class RespClient {

  private RespClient() {}

  /**
   * Sends {@code args} as one command to {@code host:port} and returns the parsed reply.
   *
   * @param timeout bounds the connect and each read; must be positive and fit in an {@code int} of milliseconds
   * @throws IOException if the connection fails, a read times out or the reply is not RESP2
   * @throws IllegalStateException if Redis answers with an error reply
   */
  static Object call(String host, int port, Duration timeout, String... args) throws IOException {
    int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(millis);
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), millis);
      OutputStream out = socket.getOutputStream();
      out.write(encode(args));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    }
  }

  private static byte[] encode(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeAscii(out, "*" + args.length + "\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(UTF_8);
      writeAscii(out, "$" + bytes.length + "\r\n");
      out.writeBytes(bytes);
      writeAscii(out, "\r\n");
    }
    return out.toByteArray();
  }

  private static void writeAscii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(UTF_8));
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    if (type == -1) {
      throw new EOFException("connection closed before a complete reply");
    }
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IllegalStateException(line);
      case ':':
        return parseLong(line);
      case '$':
        return readBulk(in, parseLong(line));
      case '*':
        return readArray(in, parseLong(line));
      default:
        throw new ProtocolException(String.format("unexpected RESP type '%c' in reply line \"%s\"", type, line));
    }
  }

  private static String readBulk(InputStream in, long length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(Math.toIntExact(length));
    if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
      throw new EOFException("connection closed inside a bulk string of " + length + " bytes");
    }
    return new String(bytes, UTF_8);
  }

  private static List<Object> readArray(InputStream in, long size) throws IOException {
    if (size < 0) {
      return null;
    }
    List<Object> elements = new ArrayList<>(Math.toIntExact(size));
    for (long i = 0; i < size; i++) {
      elements.add(read(in));
    }
    return elements;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int next = in.read(); next != -1; next = in.read()) {
      if (previous == '\r' && next == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, UTF_8);
      }
      line.write(next);
      previous = next;
    }
    throw new EOFException("connection closed inside a reply line");
  }

  private static long parseLong(String line) throws ProtocolException {
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw new ProtocolException("expected a RESP integer, got \"" + line + "\"");
    }
  }
}
