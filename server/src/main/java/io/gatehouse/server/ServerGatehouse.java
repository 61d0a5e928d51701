package io.gatehouse.server;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.server.config.DegradedPolicy;
import io.gatehouse.server.config.DurationText;
import io.gatehouse.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link Gatehouse}, as a {@link ServerConfig} describes it: the session store and the rate limiters
 * {@value #LOGIN_PER_CLIENT}, {@value #LOGIN_PER_USERNAME}, {@value #LOGIN_PER_DEVICE}, {@value #LOGIN_SUCCESSES}
 * and, with {@code API_RATE_LIMIT}, {@value #API}, on
 * Redis behind the failover, or in memory only when {@code REDIS_ENABLED=false}. Logs once, in one line, where they
 * live.
 *
 * <p>The limiter names are part of the Redis key layout, so instances that share a Redis share the counts; they
 * must not change between versions.
 */
final class ServerGatehouse {

  /** Failed logins per client IP. */
  static final String LOGIN_PER_CLIENT = "login-ip";
  /** Failed logins per username, of clients without a device cookie for it. */
  static final String LOGIN_PER_USERNAME = "login-user";
  /** Failed logins per (username, device), of clients with a device cookie for the username. */
  static final String LOGIN_PER_DEVICE = "login-device";
  /** Successful logins per username. */
  static final String LOGIN_SUCCESSES = "login-success";
  /** Requests to {@code /api/*} per client IP, when {@code API_RATE_LIMIT} is set. */
  static final String API = "api";

  private static final Logger LOG = LoggerFactory.getLogger(ServerGatehouse.class);

  private ServerGatehouse() {}

  /** Opens the stores {@code config} describes; never waits more than the failover deadline for Redis. */
  static Gatehouse open(ServerConfig config) {
    RateLimitFallback login = fallback(config.loginLimitWhileDegraded(), config.instanceCount());
    Gatehouse.Builder builder = Gatehouse.builder()
        .sessions(config.sessions())
        .failover(FailoverConfig.builder()
            .deadline(config.redisTimeout())
            .probeInterval(config.probeInterval())
            .maxProbeInterval(config.maxProbeInterval())
            .build())
        .rateLimit(LOGIN_PER_CLIENT, config.loginLimit(), login)
        .rateLimit(LOGIN_PER_USERNAME, config.loginLimit(), login)
        .rateLimit(LOGIN_PER_DEVICE, config.loginLimit(), login)
        .rateLimit(LOGIN_SUCCESSES, config.login().successLimit(), login);
    config.apiRateLimit().ifPresent(limit -> builder.rateLimit(API, limit,
        fallback(config.apiLimitWhileDegraded(), config.instanceCount())));
    config.shadowRateLimits().forEach(builder::shadow);
    if (config.redisEnabled()) {
      config.nearCache().ifPresent(builder::nearCache);
      // Set last: from here on the builder owns the connection and closes it if build() fails.
      builder.backend(RedisStores.create(config.redis()));
    }
    Gatehouse gatehouse = builder.build();
    logWhereStateLives(config, gatehouse);
    return gatehouse;
  }

  private static RateLimitFallback fallback(DegradedPolicy policy, int instances) {
    return switch (policy) {
      case LOCAL -> RateLimitFallback.local(instances);
      case ALLOW -> RateLimitFallback.allow();
      case DENY -> RateLimitFallback.deny();
    };
  }

  private static void logWhereStateLives(ServerConfig config, Gatehouse gatehouse) {
    FailoverStatus status = gatehouse.status();
    if (!gatehouse.isShared()) {
      LOG.info("Sessions and rate limits: in memory only, because REDIS_ENABLED=false (mode DISABLED); they are not"
          + " shared with other instances and do not survive a restart");
    } else if (status.mode() == FailoverMode.DEGRADED) {
      LOG.warn("Sessions and rate limits: Redis at {} is unavailable ({}), so this instance starts DEGRADED, serving"
          + " from memory; it checks Redis every {} or so and switches to it when it answers", gatehouse.location(),
          status.lastError() == null ? "no answer" : status.lastError(), DurationText.format(config.probeInterval()));
    } else {
      LOG.info("Sessions and rate limits: Redis at {} (key prefix \"{}\"){}; a call slower than {} switches to memory"
          + " until Redis answers again", gatehouse.location(), config.redis().keyPrefix(),
          status.lastProbeLatency() == null ? "" : ", PING " + status.lastProbeLatency().toMillis() + " ms",
          DurationText.format(config.redisTimeout()));
    }
  }
}
