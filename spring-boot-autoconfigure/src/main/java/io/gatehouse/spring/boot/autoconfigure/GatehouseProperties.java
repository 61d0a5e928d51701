package io.gatehouse.spring.boot.autoconfigure;

import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.nearcache.NearCacheConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code gatehouse.*} properties, as bound. Values are checked when the beans are built, not here: a bad one
 * stops start-up with a failure analysis that names the property, the value and the accepted form.
 *
 * <p>The defaults written here are the core's ({@code SessionConfig}, {@code FailoverConfig}, {@code SessionCookie},
 * the reference server's login limit), repeated as literals so that the configuration metadata can show them; a
 * test keeps the two in step. Where Redis is comes from Spring Boot's own {@code spring.data.redis.*}.
 */
@ConfigurationProperties("gatehouse")
public class GatehouseProperties {

  private final Redis redis = new Redis();
  private final Session session = new Session();
  private final Failover failover = new Failover();
  private final Login login = new Login();

  /**
   * Named rate limits, each a sliding window or a token bucket, reached with Gatehouse.rateLimiter(name). Names are 1
   * to 64 letters, digits, '_', '.' or '-'; "login-ip", "login-user", "login-device" and "login-success" are taken by
   * the login limit.
   */
  private final Map<String, RateLimitProperties> rateLimits = new LinkedHashMap<>();

  /**
   * Proxies whose X-Forwarded-For header is believed when finding the client address for login limits: IP addresses
   * or CIDR blocks such as 10.0.0.0/8. Empty: the client is the socket peer (which server.forward-headers-strategy
   * may already have resolved).
   */
  private List<String> trustedProxies = new ArrayList<>();

  public Redis getRedis() {
    return redis;
  }

  public Session getSession() {
    return session;
  }

  public Failover getFailover() {
    return failover;
  }

  public Login getLogin() {
    return login;
  }

  public Map<String, RateLimitProperties> getRateLimits() {
    return rateLimits;
  }

  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  public void setTrustedProxies(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /** Whether and how Gatehouse uses the Redis that spring.data.redis.* describes. */
  public static class Redis {

    /** Whether sessions and rate limits live in Redis. false keeps them in this instance's memory only. */
    private boolean enabled = true;

    /** Prefix of every key Gatehouse writes, so that it can share a Redis with the application's own data. */
    private String keyPrefix = "gatehouse:";

    /** How long to wait for a TCP connection (and TLS handshake) to Redis. */
    private Duration connectTimeout = Duration.ofSeconds(2);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }
  }

  /** Session lifetimes, the per-user cap, and the cookie. */
  public static class Session {

    /** How long a session lives without a request. */
    private Duration idleTimeout = Duration.ofMinutes(30);

    /** How long a session lives at most, however active; not shorter than the idle timeout. */
    private Duration absoluteTimeout = Duration.ofHours(12);

    /**
     * Most live sessions one user may have; a new login revokes the oldest beyond it. 0 means no cap, and then
     * nothing bounds how many sessions (and how much memory) one user can accumulate.
     */
    private int maxPerUser = 50;

    /**
     * How old a session's last refresh must be before a validation refreshes its idle deadline in Redis again (a
     * session then expires between idle-timeout minus this and idle-timeout after its last use); 0s refreshes on
     * every validation. Unset: a tenth of the idle timeout, at least 1s and at most half of it.
     */
    private Duration touchInterval;

    private final Cookie cookie = new Cookie();

    private final NearCache nearCache = new NearCache();

    public Duration getIdleTimeout() {
      return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
    }

    public Duration getAbsoluteTimeout() {
      return absoluteTimeout;
    }

    public void setAbsoluteTimeout(Duration absoluteTimeout) {
      this.absoluteTimeout = absoluteTimeout;
    }

    public int getMaxPerUser() {
      return maxPerUser;
    }

    public void setMaxPerUser(int maxPerUser) {
      this.maxPerUser = maxPerUser;
    }

    public Duration getTouchInterval() {
      return touchInterval;
    }

    public void setTouchInterval(Duration touchInterval) {
      this.touchInterval = touchInterval;
    }

    public Cookie getCookie() {
      return cookie;
    }

    public NearCache getNearCache() {
      return nearCache;
    }
  }

  /**
   * The session near cache: validations answered in this process for a bounded staleness, dropped on every instance
   * as soon as Redis announces a revocation, and unused while that announcement channel is not connected.
   */
  public static class NearCache {

    /** Whether validated sessions are kept in this process (only with Redis). */
    private boolean enabled;

    /** How long after Redis last confirmed a session it may be answered from this process, at most 1m. */
    private Duration maxStaleness = NearCacheConfig.DEFAULT_MAX_STALENESS;

    /** How many validated sessions this process keeps. */
    private int maxEntries = NearCacheConfig.DEFAULT_MAX_ENTRIES;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getMaxStaleness() {
      return maxStaleness;
    }

    public void setMaxStaleness(Duration maxStaleness) {
      this.maxStaleness = maxStaleness;
    }

    public int getMaxEntries() {
      return maxEntries;
    }

    public void setMaxEntries(int maxEntries) {
      this.maxEntries = maxEntries;
    }
  }

  /** The session cookie. HttpOnly always; the __Host- prefix is added when it is Secure with path /. */
  public static class Cookie {

    /** The cookie's name, without the __Host- prefix. */
    private String name = "gatehouse_session";

    /** Whether the cookie is sent over HTTPS only. Browsers treat http://localhost as secure. */
    private boolean secure = true;

    /** The SameSite attribute: strict, lax or none (none needs secure). */
    private SessionCookie.SameSite sameSite = SessionCookie.SameSite.LAX;

    /** The cookie's path; any other than / turns the __Host- prefix off. */
    private String path = "/";

    /** Whether the name gets the __Host- prefix when the cookie is Secure with path /. */
    private boolean hostPrefix = true;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public boolean isSecure() {
      return secure;
    }

    public void setSecure(boolean secure) {
      this.secure = secure;
    }

    public SessionCookie.SameSite getSameSite() {
      return sameSite;
    }

    public void setSameSite(SessionCookie.SameSite sameSite) {
      this.sameSite = sameSite;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public boolean isHostPrefix() {
      return hostPrefix;
    }

    public void setHostPrefix(boolean hostPrefix) {
      this.hostPrefix = hostPrefix;
    }
  }

  /** When Redis counts as down, and how the instance looks for its return. */
  public static class Failover {

    /** How long a Redis call may take; slower or failed calls switch to memory. Also the Redis command timeout. */
    private Duration deadline = Duration.ofMillis(250);

    /** How soon after an outage Redis is probed, and the first interval between probes. */
    private Duration probeInterval = FailoverConfig.DEFAULT_PROBE_INTERVAL;

    /** The longest interval between probes, reached by doubling while Redis stays away. */
    private Duration maxProbeInterval = FailoverConfig.DEFAULT_MAX_PROBE_INTERVAL;

    /**
     * How many instances share the limits; a limit with while-degraded=local is divided by it on each instance
     * while Redis is away, so the fleet as a whole stays near the limit.
     */
    private int instances = 1;

    public Duration getDeadline() {
      return deadline;
    }

    public void setDeadline(Duration deadline) {
      this.deadline = deadline;
    }

    public Duration getProbeInterval() {
      return probeInterval;
    }

    public void setProbeInterval(Duration probeInterval) {
      this.probeInterval = probeInterval;
    }

    public Duration getMaxProbeInterval() {
      return maxProbeInterval;
    }

    public void setMaxProbeInterval(Duration maxProbeInterval) {
      this.maxProbeInterval = maxProbeInterval;
    }

    public int getInstances() {
      return instances;
    }

    public void setInstances(int instances) {
      this.instances = instances;
    }
  }

  /**
   * The login limit applied to Spring Security's logins, with the reference server's rules: failed logins per client
   * address and per username (the latter not for browsers with a device cookie for the username, which are counted
   * per device instead), and successful logins per username.
   */
  public static class Login {

    /** The Gatehouse rate limiter of failed logins per client address; the reference server's, so they share counts. */
    public static final String PER_CLIENT_LIMITER = "login-ip";

    /** The Gatehouse rate limiter of failed logins per username, of clients without a device cookie for it. */
    public static final String PER_USERNAME_LIMITER = "login-user";

    /** The Gatehouse rate limiter of failed logins per username and device, of clients with a device cookie. */
    public static final String PER_DEVICE_LIMITER = "login-device";

    /** The Gatehouse rate limiter of successful logins per username. */
    public static final String SUCCESS_LIMITER = "login-success";

    /** The four limiters' names, in the order they are registered. */
    public static final List<String> LIMITERS = List.of(PER_CLIENT_LIMITER, PER_USERNAME_LIMITER, PER_DEVICE_LIMITER,
        SUCCESS_LIMITER);

    /** Whether logins are limited. */
    private boolean enabled = true;

    /** Failed logins allowed per client address, per username, and per username and device, within the window. */
    private int limit = 5;

    /** The sliding window the failed logins are counted over. */
    private Duration window = Duration.ofMinutes(15);

    /** Successful logins allowed per username within the success window; beyond it a login is answered 429. */
    private int successLimit = 20;

    /** The sliding window the successful logins are counted over. */
    private Duration successWindow = Duration.ofMinutes(15);

    /**
     * The secret that signs device cookies, the same on every instance: at least 32 characters, such as the output
     * of openssl rand -base64 32. Unset: each instance signs with a random key of its own, which no other instance
     * (nor this one after a restart) trusts.
     */
    private String deviceKey;

    /** What the limit does while Redis is away: local (enforced per instance), allow or deny. */
    private RateLimitFallback.Kind whileDegraded = RateLimitFallback.Kind.LOCAL;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getLimit() {
      return limit;
    }

    public void setLimit(int limit) {
      this.limit = limit;
    }

    public Duration getWindow() {
      return window;
    }

    public void setWindow(Duration window) {
      this.window = window;
    }

    public int getSuccessLimit() {
      return successLimit;
    }

    public void setSuccessLimit(int successLimit) {
      this.successLimit = successLimit;
    }

    public Duration getSuccessWindow() {
      return successWindow;
    }

    public void setSuccessWindow(Duration successWindow) {
      this.successWindow = successWindow;
    }

    public String getDeviceKey() {
      return deviceKey;
    }

    public void setDeviceKey(String deviceKey) {
      this.deviceKey = deviceKey;
    }

    public RateLimitFallback.Kind getWhileDegraded() {
      return whileDegraded;
    }

    public void setWhileDegraded(RateLimitFallback.Kind whileDegraded) {
      this.whileDegraded = whileDegraded;
    }

    /** The login settings; the device key is never shown, only whether it is set. */
    @Override
    public String toString() {
      return "Login{enabled=" + enabled + ", limit=" + limit + " per " + window + ", successLimit=" + successLimit
          + " per " + successWindow + ", deviceKey=" + (deviceKey == null ? "unset" : "(set, not shown)")
          + ", whileDegraded=" + whileDegraded + "}";
    }
  }
}
