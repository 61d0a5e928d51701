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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A one-shot RESP2 client: it opens a socket, optionally over TLS and authenticated, sends one command, reads one
 * reply and closes the socket.
 *
 * <p>The harness uses it for readiness checks and for the commands tests send to their own server, so that it does
 * not depend on Lettuce, the client under test. Replies map to {@link String} (simple and bulk strings),
 * {@link Long} (integers), {@link List} (arrays, elements mapped the same way) and {@code null} (nil); an error reply
 * throws {@link IllegalStateException} with the error's text. Instances are immutable; {@link #withTls} and
 * {@link #withAuth} return copies.
 */
final class RespClient {

  private final String host;
  private final int port;
  private final SSLSocketFactory tls;
  private final String username;
  private final String password;

  private RespClient(String host, int port, SSLSocketFactory tls, String username, String password) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.username = username;
    this.password = password;
  }

  /** Returns a client of {@code host:port} over plain TCP, without authentication. */
  static RespClient of(String host, int port) {
    return new RespClient(host, port, null, null, null);
  }

  /**
   * Returns a copy that speaks TLS through {@code sockets} and verifies that the server's certificate names the host,
   * as Lettuce's default {@code SslVerifyMode.FULL} does.
   */
  RespClient withTls(SSLSocketFactory sockets) {
    return new RespClient(host, port, sockets, username, password);
  }

  /**
   * Returns a copy that sends {@code AUTH} before each command.
   *
   * @param username the ACL user, or {@code null} for the {@code default} user ({@code requirepass})
   */
  RespClient withAuth(String username, String password) {
    return new RespClient(host, port, tls, username, password);
  }

  /**
   * Sends {@code args} as one command to {@code host:port} and returns the parsed reply.
   *
   * @param timeout bounds the connect, the TLS handshake and each read; must be positive and fit in an {@code int}
   *     of milliseconds
   * @throws IOException if the connection or handshake fails, a read times out or the reply is not RESP2
   * @throws IllegalStateException if Redis answers with an error reply, to {@code AUTH} or to the command
   */
  Object call(Duration timeout, String... args) throws IOException {
    int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    try (Socket plain = new Socket()) {
      plain.setSoTimeout(millis);
      plain.setTcpNoDelay(true);
      plain.connect(new InetSocketAddress(host, port), millis);
      try (Socket socket = tls == null ? plain : handshake(plain)) {
        OutputStream out = socket.getOutputStream();
        // AUTH and the command go out in one write; the replies come back in order.
        if (password != null) {
          out.write(username == null ? encode("AUTH", password) : encode("AUTH", username, password));
        }
        out.write(encode(args));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        if (password != null) {
          read(in);
        }
        return read(in);
      }
    }
  }

  /** Maps a reply of {@code field:value} lines, as {@code INFO} and {@code CLUSTER INFO} give, to a map. */
  static Map<String, String> infoFields(Object reply) {
    Map<String, String> fields = new HashMap<>();
    for (String line : String.valueOf(reply).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return fields;
  }

  private SSLSocket handshake(Socket plain) throws IOException {
    SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
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
