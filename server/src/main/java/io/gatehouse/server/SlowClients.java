package io.gatehouse.server;

import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * How the public port sheds clients that send their request slowly, so that a few hundred connections that trickle
 * (or stop) mid-body cannot hold every server thread: each blocking read of a request gets a deadline, and a body
 * must arrive at a minimum rate.
 *
 * <p>A login body is under 16 KiB; at {@value #MIN_REQUEST_BYTES_PER_SECOND} bytes per second even the largest
 * allowed arrives in well under the deadline on any real connection.
 */
final class SlowClients {

  /** Longest a read of the request (headers or body) may wait for data before the request is failed. */
  static final Duration READ_DEADLINE = Duration.ofSeconds(5);
  /** Slowest accepted request body, in bytes per second. */
  static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;

  private SlowClients() {}

  static void limit(HttpConfiguration http) {
    http.setIdleTimeout(READ_DEADLINE.toMillis());
    http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
  }
}
