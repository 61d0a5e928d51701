package io.gatehouse.failover;

import java.time.Duration;

/** Checks that the primary store answers, as {@code RedisStores::ping} does. */
@FunctionalInterface
public interface Probe {

  /**
   * Returns the round trip of a trivial request.
   *
   * @throws io.gatehouse.spi.StoreUnavailableException if the primary cannot be reached in time
   */
  Duration ping();
}
