package io.gatehouse.failover;

import io.gatehouse.spi.StoreUnavailableException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Asks the primary about something memory does not know, while a {@link Failover} is not on the primary, but only
 * while the primary looks reachable: its last probe succeeded and nothing has failed against it since.
 *
 * <p>Why: after an outage each instance knows only its own memory until it is back on the primary. A session that
 * another instance created, or that this one never saw, would be answered "invalid" although the primary (back,
 * or about to be declared back) holds it. The gate opens when a probe's {@code PING} answers and closes again on
 * the first failure or over-deadline answer (of a lookup, a probe, the write-back or any primary call), so that
 * while the primary is really away no request waits on it: a lookup is tried only between a successful probe and
 * the next failure. A lookup that is tried is bounded like any primary call, by the primary's own timeout, which
 * should equal the failover deadline.
 */
final class MissLookup {

  private final long deadlineNanos;
  private volatile boolean open;

  MissLookup(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** The primary answered a probe: lookups may ask it. */
  void open() {
    open = true;
  }

  /** The primary failed or was too slow: no lookup asks it until a probe succeeds again. */
  void close() {
    open = false;
  }

  boolean isOpen() {
    return open;
  }

  /**
   * Runs {@code lookup} on the primary if the gate is open, else answers empty at once. An outage during the
   * lookup closes the gate and answers empty; any other exception is a defect and propagates.
   */
  <T> Optional<T> ask(Supplier<Optional<T>> lookup) {
    if (!open) {
      return Optional.empty();
    }
    long start = System.nanoTime();
    try {
      Optional<T> found = lookup.get();
      if (System.nanoTime() - start > deadlineNanos) {
        close();
      }
      return found;
    } catch (StoreUnavailableException e) {
      close();
      return Optional.empty();
    }
  }
}
