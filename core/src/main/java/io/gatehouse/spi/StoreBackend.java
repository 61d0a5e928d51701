package io.gatehouse.spi;

import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitBackend;
import io.gatehouse.session.InvalidationChannel;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * A shared store that Gatehouse keeps sessions and rate limits in, such as one Redis deployment
 * ({@code RedisStores} in {@code gatehouse-redis}). {@link io.gatehouse.Gatehouse} puts what it hands out behind
 * the failover decorators and closes it on close.
 *
 * <p>Every call that cannot reach the store in time throws {@link StoreUnavailableException}, and only that, for
 * an outage; any other exception is a defect and propagates.
 */
public interface StoreBackend extends AutoCloseable {

  /** A session store in this back end. */
  SessionBackend sessionStore(SessionConfig config);

  /**
   * A rate limiter in this back end. Limiters with different names never share counts; instances that use the
   * same name and policy share them.
   *
   * @param name 1 to 64 letters, digits, {@code _}, {@code .} or {@code -}
   */
  RateLimitBackend rateLimiter(String name, RateLimit limit);

  /** The store's one-time values (short-lived, read-once values such as OAuth {@code state}). */
  OneTimeValues oneTimeValues();

  /**
   * Sends a trivial request and measures the round trip.
   *
   * @throws StoreUnavailableException if the store cannot be reached in time
   */
  Duration ping();

  /**
   * The channel on which this back end announces revocations to every instance, for the session near cache and the
   * failover's outage copies; empty if it has none (the default).
   */
  default Optional<InvalidationChannel> invalidations() {
    return Optional.empty();
  }

  /** Where the store is, for logs and health answers, such as {@code redis://10.0.0.5:6379/0}; never a secret. */
  String location();

  /** Releases the connection; what this back end handed out stops working. */
  @Override
  void close();
}
