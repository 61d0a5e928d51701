package io.gatehouse.server;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.failover.Probe;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.session.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's session store and rate limiters: on Redis behind the failover decorators, or in memory only when
 * {@code REDIS_ENABLED=false}. Logs in one line where they live. Closing it closes the failover's probe and the
 * Redis connection.
 */
final class FailoverStores implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverStores.class);

  final Failover failover;
  final SessionStore sessions;
  final RateLimiter loginPerIp;
  final RateLimiter loginPerUser;
  final Optional<RateLimiter> api;
  private final RedisStores redis;

  private FailoverStores(ServerConfig config, RedisStores redis) {
    this.redis = redis;
    FailoverConfig failoverConfig = FailoverConfig.builder()
        .deadline(config.redisTimeout())
        .probeInterval(config.probeInterval())
        .maxProbeInterval(config.maxProbeInterval())
        .build();
    RateLimit.SlidingWindow login = config.loginLimit();
    RateLimitFallback loginFallback = fallback(config.loginLimitWhileDegraded(), config.instanceCount());
    RateLimitFallback apiFallback = fallback(config.apiLimitWhileDegraded(), config.instanceCount());
    if (redis == null) {
      failover = Failover.disabled(failoverConfig);
      sessions = failover.sessionStore(null, config.sessions());
      // Disabled, the failover uses only the limiters' policies and answers from memory.
      loginPerIp = failover.rateLimiter(RateLimiter.inMemory(login), loginFallback);
      loginPerUser = failover.rateLimiter(RateLimiter.inMemory(login), loginFallback);
      api = config.apiRateLimit().map(limit -> failover.rateLimiter(RateLimiter.inMemory(limit), apiFallback));
      LOG.info("Sessions and rate limits: in memory only, because REDIS_ENABLED=false (mode DISABLED); they are not"
          + " shared with other instances and do not survive a restart");
    } else {
      failover = Failover.create(redis::ping, failoverConfig);
      sessions = failover.sessionStore(redis.sessionStore(config.sessions()), config.sessions());
      loginPerIp = failover.rateLimiter(redis.rateLimiter("login-ip", login), loginFallback);
      loginPerUser = failover.rateLimiter(redis.rateLimiter("login-user", login), loginFallback);
      api = config.apiRateLimit().map(limit -> failover.rateLimiter(redis.rateLimiter("api", limit), apiFallback));
      logWhereStateLives(config, failover.status());
    }
  }

  /** Opens the stores that {@code config} describes; never waits more than the failover deadline for Redis. */
  static FailoverStores open(ServerConfig config) {
    if (!config.redisEnabled()) {
      return new FailoverStores(config, null);
    }
    RedisStores redis = RedisStores.create(config.redis());
    try {
      return new FailoverStores(config, redis);
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  FailoverStatus status() {
    return failover.status();
  }

  /** Sends PING to Redis; {@code null} when Redis is disabled. */
  Probe probe() {
    return redis == null ? null : redis::ping;
  }

  private static RateLimitFallback fallback(DegradedPolicy policy, int instances) {
    return switch (policy) {
      case LOCAL -> RateLimitFallback.local(instances);
      case ALLOW -> RateLimitFallback.allow();
      case DENY -> RateLimitFallback.deny();
    };
  }

  private static void logWhereStateLives(ServerConfig config, FailoverStatus status) {
    String url = config.redis().displayUrl();
    if (status.mode() == FailoverMode.DEGRADED) {
      LOG.warn("Sessions and rate limits: Redis at {} is unavailable ({}), so this instance starts DEGRADED, serving"
          + " from memory; it checks Redis every {} or so and switches to it when it answers", url,
          status.lastError() == null ? "no answer" : status.lastError(),
          EnvironmentVariables.format(config.probeInterval()));
    } else {
      LOG.info("Sessions and rate limits: Redis at {} (key prefix \"{}\"){}; a call slower than {} switches to memory"
          + " until Redis answers again", url, config.redis().keyPrefix(),
          status.lastProbeLatency() == null ? "" : ", PING " + status.lastProbeLatency().toMillis() + " ms",
          EnvironmentVariables.format(config.redisTimeout()));
    }
  }

  /** Stops the probe first, so it does not see the connection close, then the store and the connection. */
  @Override
  public void close() {
    List<AutoCloseable> closeables = new ArrayList<>(List.of(failover, sessions));
    if (redis != null) {
      closeables.add(redis);
    }
    RuntimeException failure = null;
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing the stores failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
