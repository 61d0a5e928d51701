package io.gatehouse.servlet;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.redis.RedisConfig;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.login.DeviceCookie;
import io.gatehouse.web.login.LoginLimiter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** The Gatehouses of the test applications: with the login limits of the reference server, on Redis or in memory. */
final class TestGatehouses {

  /** Five failed logins per 15 minutes, per client and per username, as the reference server's default. */
  static final RateLimit LOGIN = RateLimit.slidingWindow(5, Duration.ofMinutes(15));
  /** Successful logins per username, as the reference server's default. */
  static final RateLimit SUCCESSES = RateLimit.slidingWindow(20, Duration.ofMinutes(15));

  private TestGatehouses() {}

  /**
   * A Gatehouse on the Redis at {@code uri}: a short probe interval so recovery is quick, and a deadline generous
   * enough that a busy test machine is not an outage.
   */
  static Gatehouse.Builder onRedis(String uri, String keyPrefix) {
    return Gatehouse.builder()
        .backend(RedisStores.create(RedisConfig.builder().url(uri).keyPrefix(keyPrefix)
            .commandTimeout(Duration.ofSeconds(1)).build()))
        .failover(FailoverConfig.builder().deadline(Duration.ofSeconds(1)).probeInterval(Duration.ofMillis(100))
            .maxProbeInterval(Duration.ofMillis(500)).build())
        .rateLimit("login-ip", LOGIN)
        .rateLimit("login-user", LOGIN)
        .rateLimit("login-device", LOGIN)
        .rateLimit("login-success", SUCCESSES);
  }

  /** A Gatehouse in this process only. */
  static Gatehouse.Builder inMemory() {
    return Gatehouse.builder().rateLimit("login-ip", LOGIN).rateLimit("login-user", LOGIN)
        .rateLimit("login-device", LOGIN).rateLimit("login-success", SUCCESSES);
  }

  /** A key prefix no other test uses, so tests sharing one Redis never see each other's keys. */
  static String uniquePrefix() {
    return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  /** The login limiter the reference server builds, on {@code gatehouse}'s limiters, with a fixed device-cookie key. */
  static LoginLimiter loginLimiter(Gatehouse gatehouse, SessionCookie cookie) {
    return LoginLimiter.builder()
        .perClient(gatehouse.rateLimiter("login-ip"))
        .perUsername(gatehouse.rateLimiter("login-user"))
        .perDevice(gatehouse.rateLimiter("login-device"))
        .successes(gatehouse.rateLimiter("login-success"))
        .deviceCookie(DeviceCookie.builder().like(cookie)
            .key("servlet-tests-device-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8)).build())
        .build();
  }
}
