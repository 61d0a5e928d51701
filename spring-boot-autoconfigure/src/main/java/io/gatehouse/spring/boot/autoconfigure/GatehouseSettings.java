package io.gatehouse.spring.boot.autoconfigure;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.nearcache.NearCacheConfig;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.client.TrustedProxies;
import io.gatehouse.web.login.DeviceCookie;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The typed Gatehouse configuration that a {@link GatehouseProperties} describes. Every value goes through the core's
 * own builders, which hold the rules; a value they refuse becomes an {@link InvalidGatehousePropertyException} naming
 * the property, so the rules live in one place and the failure analysis still speaks in property names.
 */
final class GatehouseSettings {

  /** Fewest different characters in a device key, as the reference server: {@code aaaa…} is no secret. */
  static final int MIN_DEVICE_KEY_DISTINCT = 10;
  static final String DEVICE_KEY = "a random secret of at least " + DeviceCookie.MIN_KEY_BYTES + " characters ("
      + MIN_DEVICE_KEY_DISTINCT + " or more different ones), the same on every instance (make one with: openssl rand "
      + "-base64 32)";
  static final String DURATION = "a positive duration like 250ms, 30s or 15m";
  private static final String AT_LEAST_ONE = "a whole number of at least 1";
  private static final String FALLBACK = "local, allow or deny";

  private final GatehouseProperties properties;

  GatehouseSettings(GatehouseProperties properties) {
    this.properties = properties;
  }

  SessionConfig sessionConfig() {
    GatehouseProperties.Session session = properties.getSession();
    SessionConfig.Builder builder = SessionConfig.builder();
    check("gatehouse.session.idle-timeout", session.getIdleTimeout(), DURATION,
        () -> builder.idleTimeout(session.getIdleTimeout()));
    check("gatehouse.session.absolute-timeout", session.getAbsoluteTimeout(), DURATION,
        () -> builder.absoluteTimeout(session.getAbsoluteTimeout()));
    check("gatehouse.session.max-per-user", session.getMaxPerUser(), "0 (no cap) or a positive whole number",
        () -> builder.maxSessionsPerSubject(session.getMaxPerUser()));
    SessionConfig built = check("gatehouse.session.absolute-timeout", session.getAbsoluteTimeout(),
        "a duration not shorter than gatehouse.session.idle-timeout ("
            + InvalidGatehousePropertyException.format(session.getIdleTimeout()) + ")", builder::build);
    Duration touch = session.getTouchInterval();
    if (touch == null) {
      return built;
    }
    return check("gatehouse.session.touch-interval", touch, "a duration from 0s to half of "
        + "gatehouse.session.idle-timeout (" + InvalidGatehousePropertyException.format(
            built.idleTimeout().dividedBy(2)) + ")", () -> built.mutate().touchInterval(touch).build());
  }

  /** The near cache's settings, or {@code null} when it is off. */
  NearCacheConfig nearCacheConfig() {
    GatehouseProperties.NearCache nearCache = properties.getSession().getNearCache();
    if (!nearCache.isEnabled()) {
      return null;
    }
    NearCacheConfig.Builder builder = NearCacheConfig.builder();
    check("gatehouse.session.near-cache.max-staleness", nearCache.getMaxStaleness(), "a duration from 1ms to "
        + InvalidGatehousePropertyException.format(NearCacheConfig.MAX_STALENESS_LIMIT),
        () -> builder.maxStaleness(nearCache.getMaxStaleness()));
    check("gatehouse.session.near-cache.max-entries", nearCache.getMaxEntries(), "a positive whole number",
        () -> builder.maxEntries(nearCache.getMaxEntries()));
    return builder.build();
  }

  SessionCookie sessionCookie() {
    GatehouseProperties.Cookie cookie = properties.getSession().getCookie();
    SessionCookie.Builder builder = SessionCookie.builder().secure(cookie.isSecure()).hostPrefix(cookie.isHostPrefix());
    check("gatehouse.session.cookie.name", cookie.getName(),
        "1 to 64 letters, digits or !#$%&'*+.^_`|~-, without a __Host- or __Secure- prefix",
        () -> builder.name(cookie.getName()));
    check("gatehouse.session.cookie.path", cookie.getPath(),
        "a path that starts with / and holds no ';', spaces or control characters", () -> builder.path(cookie.getPath()));
    check("gatehouse.session.cookie.same-site", lower(cookie.getSameSite()), "strict, lax or none",
        () -> builder.sameSite(cookie.getSameSite()));
    return check("gatehouse.session.cookie.same-site", lower(cookie.getSameSite()),
        "strict or lax while gatehouse.session.cookie.secure is false (browsers drop a SameSite=None cookie that is "
            + "not Secure)", builder::build);
  }

  FailoverConfig failoverConfig() {
    GatehouseProperties.Failover failover = properties.getFailover();
    FailoverConfig.Builder builder = FailoverConfig.builder();
    check("gatehouse.failover.deadline", failover.getDeadline(), DURATION,
        () -> builder.deadline(failover.getDeadline()));
    check("gatehouse.failover.probe-interval", failover.getProbeInterval(), DURATION,
        () -> builder.probeInterval(failover.getProbeInterval()));
    check("gatehouse.failover.max-probe-interval", failover.getMaxProbeInterval(), DURATION,
        () -> builder.maxProbeInterval(failover.getMaxProbeInterval()));
    return check("gatehouse.failover.max-probe-interval", failover.getMaxProbeInterval(),
        "a duration not shorter than gatehouse.failover.probe-interval ("
            + InvalidGatehousePropertyException.format(failover.getProbeInterval()) + ")", builder::build);
  }

  TrustedProxies trustedProxies() {
    String list = String.join(",", properties.getTrustedProxies());
    return check("gatehouse.trusted-proxies", list, "IP addresses or CIDR blocks such as 10.0.0.0/8, comma-separated",
        () -> TrustedProxies.parse(list));
  }

  /** Registers the four login limits (unless turned off) and the named rate limits. */
  void registerRateLimits(Gatehouse.Builder builder) {
    GatehouseProperties.Login login = properties.getLogin();
    if (login.isEnabled()) {
      RateLimit failures = slidingWindow("gatehouse.login.limit", login.getLimit(), "gatehouse.login.window",
          login.getWindow());
      RateLimit successes = slidingWindow("gatehouse.login.success-limit", login.getSuccessLimit(),
          "gatehouse.login.success-window", login.getSuccessWindow());
      RateLimitFallback fallback = fallback("gatehouse.login.while-degraded", login.getWhileDegraded());
      builder.rateLimit(GatehouseProperties.Login.PER_CLIENT_LIMITER, failures, fallback)
          .rateLimit(GatehouseProperties.Login.PER_USERNAME_LIMITER, failures, fallback)
          .rateLimit(GatehouseProperties.Login.PER_DEVICE_LIMITER, failures, fallback)
          .rateLimit(GatehouseProperties.Login.SUCCESS_LIMITER, successes, fallback);
    }
    properties.getRateLimits().forEach((name, limit) -> register(builder, name, limit));
  }

  /**
   * Whether a device key is set. Without one each instance signs device cookies with a random key of its own.
   */
  boolean sharedDeviceKey() {
    return properties.getLogin().getDeviceKey() != null;
  }

  /**
   * The device cookie, with the session cookie's {@code Secure}, {@code SameSite} and prefix: signed with
   * {@code gatehouse.login.device-key}, or with a random key of this instance when it is not set.
   */
  DeviceCookie deviceCookie(SessionCookie session) {
    String key = properties.getLogin().getDeviceKey();
    DeviceCookie.Builder builder = DeviceCookie.builder().like(session)
        .hostPrefix(properties.getSession().getCookie().isHostPrefix());
    if (key == null) {
      return builder.randomKey().build();
    }
    if (key.getBytes(StandardCharsets.UTF_8).length < DeviceCookie.MIN_KEY_BYTES
        || key.chars().distinct().count() < MIN_DEVICE_KEY_DISTINCT) {
      throw InvalidGatehousePropertyException.secret("gatehouse.login.device-key", key, DEVICE_KEY);
    }
    return builder.key(key.getBytes(StandardCharsets.UTF_8)).build();
  }

  private void register(Gatehouse.Builder builder, String name, RateLimitProperties limit) {
    String prefix = "gatehouse.rate-limits." + name;
    if (properties.getLogin().isEnabled() && GatehouseProperties.Login.LIMITERS.contains(name)) {
      throw new InvalidGatehousePropertyException("gatehouse.rate-limits", name, "a name other than "
          + String.join(", ", GatehouseProperties.Login.LIMITERS) + ", which the login limit uses", null);
    }
    if (limit.getPolicy() == null) {
      throw new InvalidGatehousePropertyException(prefix + ".policy", null, "sliding-window or token-bucket", null);
    }
    RateLimit policy;
    RateLimitFallback.Kind whileDegraded = limit.getWhileDegraded();
    if (limit.getPolicy() == RateLimitProperties.Policy.SLIDING_WINDOW) {
      rejectOther(prefix, "permits", limit.getPermits(), "token-bucket");
      rejectOther(prefix, "period", limit.getPeriod(), "token-bucket");
      rejectOther(prefix, "burst", limit.getBurst(), "token-bucket");
      policy = slidingWindow(prefix + ".limit", limit.getLimit(), prefix + ".window", limit.getWindow());
      whileDegraded = whileDegraded == null ? RateLimitFallback.Kind.LOCAL : whileDegraded;
    } else {
      rejectOther(prefix, "limit", limit.getLimit(), "sliding-window");
      rejectOther(prefix, "window", limit.getWindow(), "sliding-window");
      policy = tokenBucket(prefix, limit.getPermits(), limit.getPeriod(), limit.getBurst());
      whileDegraded = whileDegraded == null ? RateLimitFallback.Kind.ALLOW : whileDegraded;
    }
    RateLimitFallback fallback = fallback(prefix + ".while-degraded", whileDegraded);
    check("gatehouse.rate-limits", name, "a name of 1 to 64 letters, digits, '_', '.' or '-'",
        () -> builder.rateLimit(name, policy, fallback));
  }

  // Each part is checked on its own, with the other parts at a value known to be good, so that the message names the
  // property that is wrong; the core's constructors check the whole policy at once.
  private static RateLimit slidingWindow(String limitProperty, Integer limit, String windowProperty,
      Duration window) {
    require(limitProperty, limit, "a whole number from 1 to " + RateLimit.SlidingWindow.MAX_LIMIT);
    require(windowProperty, window, DURATION);
    check(limitProperty, limit, "a whole number from 1 to " + RateLimit.SlidingWindow.MAX_LIMIT,
        () -> RateLimit.slidingWindow(limit, Duration.ofMinutes(1)));
    check(windowProperty, window, "a duration of at least 1ms, like 1m or 15m",
        () -> RateLimit.slidingWindow(1, window));
    return RateLimit.slidingWindow(limit, window);
  }

  private static RateLimit tokenBucket(String prefix, Long permits, Duration period, Long burst) {
    require(prefix + ".permits", permits, AT_LEAST_ONE);
    require(prefix + ".period", period, DURATION);
    long size = burst == null ? permits : burst;
    check(prefix + ".permits", permits, AT_LEAST_ONE, () -> RateLimit.tokenBucket(permits, Duration.ofDays(1), 1));
    check(prefix + ".period", period, "a positive duration of at least 1 microsecond, like 1s or 1m",
        () -> RateLimit.tokenBucket(1, period, 1));
    check(prefix + ".burst", size, AT_LEAST_ONE, () -> RateLimit.tokenBucket(1, Duration.ofSeconds(1), size));
    return check(prefix + ".permits", permits, "at most one permit per microsecond of " + prefix + ".period ("
        + InvalidGatehousePropertyException.format(period) + ")", () -> RateLimit.tokenBucket(permits, period, size));
  }

  private RateLimitFallback fallback(String property, RateLimitFallback.Kind kind) {
    require(property, kind, FALLBACK);
    int instances = properties.getFailover().getInstances();
    check("gatehouse.failover.instances", instances, AT_LEAST_ONE, () -> RateLimitFallback.local(instances));
    return switch (kind) {
      case LOCAL -> RateLimitFallback.local(instances);
      case ALLOW -> RateLimitFallback.allow();
      case DENY -> RateLimitFallback.deny();
    };
  }

  private static void rejectOther(String prefix, String part, Object value, String policy) {
    if (value != null) {
      throw new InvalidGatehousePropertyException(prefix + "." + part, value, "unset: it applies to policy=" + policy
          + " only, and " + prefix + ".policy is not " + policy, null);
    }
  }

  private static void require(String property, Object value, String accepted) {
    if (value == null) {
      throw new InvalidGatehousePropertyException(property, null, accepted, null);
    }
  }

  /**
   * Runs {@code build}, turning the core's refusal of a value into an {@link InvalidGatehousePropertyException} for
   * {@code property}.
   */
  static <T> T check(String property, Object value, String accepted, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidGatehousePropertyException(property, value, accepted, e);
    }
  }

  private static String lower(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }
}
