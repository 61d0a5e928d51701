package io.gatehouse.bench;

import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One Redis command on a plain socket, for the run's housekeeping ({@code FLUSHALL}, {@code INFO}, markers): no
 * client library, so it costs a benchmark's setup nothing and shows up in no client's statistics.
 */
final class Resp {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Resp() {}

  /**
   * Sends {@code args} to {@code redis} on a new connection; returns a bulk reply's body, or a simple or integer
   * reply's line (with its type character).
   *
   * @throws IllegalStateException if Redis answers with an error
   */
  static String call(RedisURI redis, String... args) {
    try (Socket socket = new Socket(redis.getHost(), redis.getPort())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      socket.getOutputStream().write(encode(args));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String first = in.readLine();
      if (first == null || first.startsWith("-")) {
        throw new IllegalStateException("\"" + args[0] + "\" to " + redis + " failed: " + first);
      }
      if (first.startsWith("$") && !first.equals("$-1")) {
        char[] body = new char[Integer.parseInt(first.substring(1))];
        int read = 0;
        while (read < body.length) {
          int n = in.read(body, read, body.length - read);
          if (n < 0) {
            throw new IOException("connection closed after " + read + " of " + body.length + " characters");
          }
          read += n;
        }
        return new String(body);
      }
      return first;
    } catch (IOException e) {
      throw new UncheckedIOException("\"" + args[0] + "\" to " + redis + " failed", e);
    }
  }

  /** {@code args} as a RESP array of bulk strings. */
  static byte[] encode(String... args) {
    StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
    }
    return command.toString().getBytes(StandardCharsets.UTF_8);
  }
}
