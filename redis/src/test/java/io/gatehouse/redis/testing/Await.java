package io.gatehouse.redis.testing;

import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A bounded poll for the topologies: it asks a probe every 20 ms until the probe returns a value, and fails with the
 * probe's last complaint once the time is up. There is no fixed sleep anywhere in the harness; this is its one wait.
 *
 * <p>A probe says "not yet" by returning {@code null} or by throwing {@link IllegalStateException} (a state not
 * reached, such as "replica link is down", or an error reply from Redis) or {@link UncheckedIOException} (a node not
 * answering). Any other exception is a defect and propagates at once.
 */
final class Await {

  /** One check of a condition; see {@link Await} for how it reports "not yet". */
  @FunctionalInterface
  interface Probe<T> {
    T poll();
  }

  private static final long POLL_MILLIS = 20;

  private Await() {}

  /**
   * Polls {@code probe} until it returns a value, and returns it.
   *
   * @param awaited what is awaited, for the message, such as {@code "replica 127.0.0.1:41234 in sync"}
   * @throws IllegalStateException after {@code max}, as {@code "timed out after 5000 ms waiting for <awaited>; last:
   *     <the probe's last complaint>"}, with that complaint as the cause
   */
  static <T> T until(Duration max, String awaited, Probe<T> probe) {
    long deadline = System.nanoTime() + max.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        T value = probe.poll();
        if (value != null) {
          return value;
        }
      } catch (IllegalStateException | UncheckedIOException e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(String.format("timed out after %d ms waiting for %s; last: %s",
            max.toMillis(), awaited, last == null ? "not yet" : last.getMessage()), last);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + awaited, e);
      }
    }
  }
}
