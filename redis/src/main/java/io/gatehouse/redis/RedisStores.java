package io.gatehouse.redis;

import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitBackend;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.InvalidationChannel;
import io.gatehouse.spi.StoreBackend;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The entry point to Gatehouse on Redis: one connection, and the session stores and rate limiters that share it.
 *
 * <pre>{@code
 * try (RedisStores redis = RedisStores.create(RedisConfig.create("redis://localhost:6379/0"))) {
 *   SessionStore sessions = redis.sessionStore(SessionConfig.create());
 *   RateLimiter logins = redis.rateLimiter("login", RateLimit.slidingWindow(5, Duration.ofMinutes(15)));
 * }
 * }</pre>
 *
 * <p>Creating it does not need Redis to be up: the connection is made on first use and retried on later ones,
 * and each call made while Redis is unreachable fails at once with
 * {@link io.gatehouse.spi.StoreUnavailableException}. Closing it closes the connection; the stores it handed out stop
 * working.
 */
public final class RedisStores implements StoreBackend {

  private static final Pattern LIMITER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final RedisConfig config;
  private final RedisApi redis;
  private RedisInvalidations invalidations;

  private RedisStores(RedisConfig config, RedisApi redis) {
    this.config = config;
    this.redis = redis;
  }

  /** Stores on the Redis that {@code config} names. Does not connect yet. */
  public static RedisStores create(RedisConfig config) {
    Objects.requireNonNull(config, "config");
    return new RedisStores(config, new LettuceRedisApi(config));
  }

  /** A session store under this connection's key prefix. */
  @Override
  public SessionBackend sessionStore(SessionConfig sessionConfig) {
    return new RedisSessionStore(redis, Objects.requireNonNull(sessionConfig, "sessionConfig"), config);
  }

  /**
   * A rate limiter whose keys live under {@code <prefix>rl:<name>:}. Limiters with different names never share
   * counts; instances that use the same name and policy share them.
   *
   * @param name 1 to 64 letters, digits, {@code _}, {@code .} or {@code -}
   */
  @Override
  public RateLimitBackend rateLimiter(String name, RateLimit limit) {
    if (name == null || !LIMITER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("rate limiter name must be 1 to 64 letters, digits, '_', '.' or '-', got "
          + (name == null ? "null" : "\"" + name + "\""));
    }
    return new RedisRateLimiter(redis, Objects.requireNonNull(limit, "limit"), config.keyPrefix() + "rl:" + name + ":");
  }

  /** One-time values under this connection's key prefix, at {@code <prefix>ot:<key>}. */
  @Override
  public OneTimeValues oneTimeValues() {
    return new RedisOneTimeValues(redis, config.keyPrefix());
  }

  /**
   * Sends {@code PING} and measures the round trip.
   *
   * @throws io.gatehouse.spi.StoreUnavailableException if Redis cannot be reached in time
   */
  @Override
  public Duration ping() {
    return redis.ping();
  }

  /**
   * The pub/sub subscription on which the session scripts announce revocations, opened (with its own connection) on
   * the first call and closed with this; see {@link RedisInvalidations}.
   */
  @Override
  public synchronized Optional<InvalidationChannel> invalidations() {
    if (invalidations == null) {
      invalidations = new RedisInvalidations(config);
    }
    return Optional.of(invalidations);
  }

  /** The settings this connection was made with. */
  public RedisConfig config() {
    return config;
  }

  /** The Redis URL without its password (with every seed node, on a Cluster), as {@link RedisConfig#displayUrl()}. */
  @Override
  public String location() {
    return config.displayUrl();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (invalidations != null) {
        invalidations.close();
      }
    }
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisStores{" + config + "}";
  }
}
