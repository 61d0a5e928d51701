package io.gatehouse.bench;

import io.gatehouse.failover.Failover;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.redis.RedisStores;

/** A Gatehouse rate limiter, plain or behind the failover decorator. */
final class GatehouseLimiter implements RateLimitContender {

  private final RateLimiter limiter;
  private final Failover failover;
  private final RedisStores stores;

  /**
   * @param failover the decorator's failover, or {@code null} for the plain limiter
   * @param stores closed last
   */
  GatehouseLimiter(RateLimiter limiter, Failover failover, RedisStores stores) {
    this.limiter = limiter;
    this.failover = failover;
    this.stores = stores;
  }

  @Override
  public Object tryAcquire(String key) {
    return limiter.tryAcquire(key);
  }

  @Override
  public long failovers() {
    return failover == null ? 0 : failover.status().failovers();
  }

  @Override
  public void close() {
    limiter.close();
    if (failover != null) {
      failover.close();
    }
    stores.close();
  }
}
