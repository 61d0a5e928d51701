package io.gatehouse.bench;

/** One way of making a rate-limit decision in Redis, reduced to the call a request makes. */
interface RateLimitContender extends AutoCloseable {

  /** Takes one permit for {@code key} if there is one; never returns {@code null}. */
  Object tryAcquire(String key);

  /**
   * How often a failover decorator in this contender switched to memory: a figure measured with a switch is not a
   * PRIMARY-mode figure, and the report says so.
   */
  default long failovers() {
    return 0;
  }

  @Override
  void close();
}
