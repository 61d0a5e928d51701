package io.gatehouse.server.config;

import static io.gatehouse.internal.Arguments.requirePositive;

import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.oidc.login.OidcLoginConfig;
import io.gatehouse.oidc.tokens.TokenKeyRing;
import io.gatehouse.redis.RedisConfig;
import io.gatehouse.server.auth.Account;
import io.gatehouse.server.auth.Accounts;
import io.gatehouse.nearcache.NearCacheConfig;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.client.TrustedProxies;
import io.gatehouse.web.csrf.SameOriginGuard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's settings: immutable, typed, and checked when built. {@link #fromEnvironment(Map)} reads them from
 * environment variables (see {@link Setting}); a bad value stops start-up with a {@link ConfigException} naming the
 * variable, the accepted form and the value. Tests build one with {@link #builder()}.
 *
 * <p>{@link #toString()} lists every setting with secrets masked, for the start-up log (as HikariCP's
 * {@code logConfiguration()} does): the Redis password and the admin password hash are never shown.
 *
 * <p>The {@code DEFAULT_*} constants are the one source of the defaults: the builder starts from them, the reader
 * falls back to them, and {@link Setting#help()} shows them. Defaults that belong to a library type (the Redis URL,
 * the session timeouts, the cookie name) come from that type's own constants.
 */
public final class ServerConfig {

  public static final int DEFAULT_PORT = 8000;
  /** The port of {@code /metrics} and detailed health, apart from the public one. */
  public static final int DEFAULT_MANAGEMENT_PORT = 9000;
  /** Where the management port listens: loopback, so only this host (or a sidecar) reaches it. */
  public static final String DEFAULT_MANAGEMENT_HOST = "127.0.0.1";
  public static final boolean DEFAULT_REDIS_ENABLED = true;
  public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(250);
  /** Replicas that must acknowledge a revocation: none, as {@link RedisConfig} has it. */
  public static final int DEFAULT_REVOCATION_REPLICAS = 0;
  public static final Duration DEFAULT_PROBE_INTERVAL = FailoverConfig.DEFAULT_PROBE_INTERVAL;
  public static final Duration DEFAULT_MAX_PROBE_INTERVAL = FailoverConfig.DEFAULT_MAX_PROBE_INTERVAL;
  public static final DegradedPolicy DEFAULT_LOGIN_LIMIT_WHILE_DEGRADED = DegradedPolicy.LOCAL;
  public static final DegradedPolicy DEFAULT_API_LIMIT_WHILE_DEGRADED = DegradedPolicy.ALLOW;
  public static final int DEFAULT_INSTANCE_COUNT = 1;
  /** The session near cache is off unless asked for. */
  public static final boolean DEFAULT_SESSION_NEAR_CACHE = false;
  /** The cookie's name before any prefix; with {@code COOKIE_SECURE=true} browsers get {@code __Host-} before it. */
  public static final String DEFAULT_COOKIE_NAME = SessionCookie.DEFAULT_NAME;
  public static final boolean DEFAULT_COOKIE_SECURE = true;
  public static final int DEFAULT_LOGIN_ATTEMPTS = 5;
  public static final Duration DEFAULT_LOGIN_WINDOW = Duration.ofMinutes(15);
  /** The name of the account that {@code ADMIN_PASSWORD_HASH} creates. */
  public static final String DEFAULT_ADMIN_USERNAME = "admin";
  /** Largest request body accepted; login bodies are tiny, so anything bigger is refused with 413. */
  public static final int MAX_REQUEST_BYTES = 16 * 1024;

  static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  static final String COOKIE_NAME_FORM = "1 to 64 letters, digits, '_', '.' or '-'";

  private final int port;
  private final int managementPort;
  private final String managementHost;
  private final boolean redisEnabled;
  private final RedisConfig redis;
  private final Duration probeInterval;
  private final Duration maxProbeInterval;
  private final DegradedPolicy loginLimitWhileDegraded;
  private final DegradedPolicy apiLimitWhileDegraded;
  private final int instanceCount;
  private final SessionConfig sessions;
  private final Optional<NearCacheConfig> nearCache;
  private final String cookieName;
  private final boolean cookieSecure;
  private final RateLimit.SlidingWindow loginLimit;
  private final LoginSettings login;
  private final Optional<OidcSettings> oidc;
  private final Optional<OidcLoginConfig> oidcLogin;
  private final Optional<TokenKeyRing> oidcTokenKeys;
  private final RateLimit.TokenBucket apiRateLimit;
  private final Set<String> shadowRateLimits;
  private final TrustedProxies trustedProxies;
  private final SameOriginGuard sameOrigin;
  private final List<Account> accounts;
  private final SessionCookie sessionCookie;

  private ServerConfig(Builder b) {
    this.port = b.port;
    this.managementPort = b.managementPort;
    this.managementHost = b.managementHost;
    this.redisEnabled = b.redisEnabled;
    this.redis = b.redis;
    this.probeInterval = b.probeInterval;
    this.maxProbeInterval = b.maxProbeInterval;
    this.loginLimitWhileDegraded = b.loginLimitWhileDegraded;
    this.apiLimitWhileDegraded = b.apiLimitWhileDegraded;
    this.instanceCount = b.instanceCount;
    this.sessions = b.sessions;
    this.nearCache = Optional.ofNullable(b.nearCache);
    this.cookieName = b.cookieName;
    this.cookieSecure = b.cookieSecure;
    this.loginLimit = b.loginLimit;
    this.login = b.login;
    this.oidc = b.oidc;
    this.oidcLogin = b.oidcLogin;
    this.oidcTokenKeys = b.oidcTokenKeys;
    this.apiRateLimit = b.apiRateLimit;
    this.shadowRateLimits = Set.copyOf(b.shadowRateLimits);
    this.trustedProxies = b.trustedProxies;
    this.sameOrigin = b.sameOrigin;
    this.accounts = List.copyOf(b.accounts);
    this.sessionCookie = SessionCookie.builder().name(cookieName).secure(cookieSecure).build();
  }

  /** The defaults: port 8000, Redis at {@value RedisConfig#DEFAULT_URL}, no accounts (a first-run admin). */
  public static ServerConfig create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads every setting from {@code env}, typically {@link System#getenv()}.
   *
   * @throws ConfigException for the first bad value, naming the variable, the accepted form and the value
   */
  public static ServerConfig fromEnvironment(Map<String, String> env) {
    return new ConfigReader(new EnvironmentVariables(env)).read();
  }

  /** {@code MANAGEMENT_PORT}: the port of {@code /metrics} and detailed health, 0 for any free one. */
  public int managementPort() {
    return managementPort;
  }

  /** {@code MANAGEMENT_HOST}: the address the management port binds to. */
  public String managementHost() {
    return managementHost;
  }

  /** {@code PORT}: the HTTP port, 0 for any free one. */
  public int port() {
    return port;
  }

  /** {@code REDIS_ENABLED}: {@code false} keeps everything in memory, by choice. */
  public boolean redisEnabled() {
    return redisEnabled;
  }

  /** {@code REDIS_URL}, {@code REDIS_KEY_PREFIX}, and {@code REDIS_TIMEOUT} as the command timeout. */
  public RedisConfig redis() {
    return redis;
  }

  /** {@code REDIS_TIMEOUT}: the failover deadline, equal to the Redis command timeout. */
  public Duration redisTimeout() {
    return redis.commandTimeout();
  }

  /** {@code FAILOVER_PROBE_INTERVAL}. */
  public Duration probeInterval() {
    return probeInterval;
  }

  /** {@code FAILOVER_MAX_PROBE_INTERVAL}. */
  public Duration maxProbeInterval() {
    return maxProbeInterval;
  }

  /** {@code LOGIN_LIMIT_WHILE_DEGRADED}. */
  public DegradedPolicy loginLimitWhileDegraded() {
    return loginLimitWhileDegraded;
  }

  /** {@code API_LIMIT_WHILE_DEGRADED}. */
  public DegradedPolicy apiLimitWhileDegraded() {
    return apiLimitWhileDegraded;
  }

  /** {@code INSTANCE_COUNT}. */
  public int instanceCount() {
    return instanceCount;
  }

  /** The session timeouts and per-user cap. */
  public SessionConfig sessions() {
    return sessions;
  }

  /** {@code SESSION_NEAR_CACHE}, {@code SESSION_NEAR_CACHE_MAX_STALENESS}: the session near cache, if on. */
  public Optional<NearCacheConfig> nearCache() {
    return nearCache;
  }

  /** {@code COOKIE_NAME}. */
  public String cookieName() {
    return cookieName;
  }

  /** {@code COOKIE_SECURE}. */
  public boolean cookieSecure() {
    return cookieSecure;
  }

  /**
   * The session cookie that {@code COOKIE_NAME} and {@code COOKIE_SECURE} describe. When secure, browsers get it
   * under {@code __Host-<COOKIE_NAME>}: they then accept it only from this exact host over HTTPS, so a subdomain
   * cannot plant one that shadows it.
   */
  public SessionCookie sessionCookie() {
    return sessionCookie;
  }

  /**
   * {@code RATE_LIMIT_ATTEMPTS} per {@code RATE_LIMIT_WINDOW}: failed logins per client IP and per username (of
   * clients without a device cookie for it), and per device (of clients with one).
   */
  public RateLimit.SlidingWindow loginLimit() {
    return loginLimit;
  }

  /** {@code LOGIN_DEVICE_KEY}, {@code LOGIN_SUCCESS_LIMIT} and {@code BCRYPT_MAX_CONCURRENT}. */
  public LoginSettings login() {
    return login;
  }

  /** {@code OIDC_*}: JWT bearer authentication; empty without {@code OIDC_ISSUER}. */
  public Optional<OidcSettings> oidc() {
    return oidc;
  }

  /** {@code OIDC_CLIENT_ID} and the rest: the browser login against the provider; empty without a client id. */
  public Optional<OidcLoginConfig> oidcLogin() {
    return oidcLogin;
  }

  /** {@code OIDC_TOKEN_KEYS}: the keys of the provider tokens kept in Redis; empty for a random key per instance. */
  public Optional<TokenKeyRing> oidcTokenKeys() {
    return oidcTokenKeys;
  }

  /** {@code API_RATE_LIMIT}, or empty for no limit on {@code /api/*}. */
  public Optional<RateLimit.TokenBucket> apiRateLimit() {
    return Optional.ofNullable(apiRateLimit);
  }

  /** {@code SHADOW_RATE_LIMITS}: the names of the rate limiters in shadow mode; empty when all enforce. */
  public Set<String> shadowRateLimits() {
    return shadowRateLimits;
  }

  /** {@code TRUSTED_PROXIES}. */
  public TrustedProxies trustedProxies() {
    return trustedProxies;
  }

  /** {@code PUBLIC_ORIGIN}: the same-origin guard of state-changing cookie requests. */
  public SameOriginGuard sameOrigin() {
    return sameOrigin;
  }

  /** The accounts from {@code USERS_FILE} and {@code ADMIN_USERNAME}/{@code ADMIN_PASSWORD_HASH}; may be empty. */
  public List<Account> accounts() {
    return accounts;
  }

  /** One {@code NAME=value} per line, every setting, secrets masked: see {@link EffectiveSettings}. */
  @Override
  public String toString() {
    return EffectiveSettings.of(this);
  }

  /** Builds a {@link ServerConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private int port = DEFAULT_PORT;
    private int managementPort = DEFAULT_MANAGEMENT_PORT;
    private String managementHost = DEFAULT_MANAGEMENT_HOST;
    private boolean redisEnabled = DEFAULT_REDIS_ENABLED;
    private RedisConfig redis = RedisConfig.builder().commandTimeout(DEFAULT_REDIS_TIMEOUT).build();
    private Duration probeInterval = DEFAULT_PROBE_INTERVAL;
    private Duration maxProbeInterval = DEFAULT_MAX_PROBE_INTERVAL;
    private DegradedPolicy loginLimitWhileDegraded = DEFAULT_LOGIN_LIMIT_WHILE_DEGRADED;
    private DegradedPolicy apiLimitWhileDegraded = DEFAULT_API_LIMIT_WHILE_DEGRADED;
    private int instanceCount = DEFAULT_INSTANCE_COUNT;
    private SessionConfig sessions = SessionConfig.create();
    private NearCacheConfig nearCache;
    private String cookieName = DEFAULT_COOKIE_NAME;
    private boolean cookieSecure = DEFAULT_COOKIE_SECURE;
    private RateLimit.SlidingWindow loginLimit =
        RateLimit.slidingWindow(DEFAULT_LOGIN_ATTEMPTS, DEFAULT_LOGIN_WINDOW);
    private LoginSettings login = LoginSettings.create();
    private Optional<OidcSettings> oidc = Optional.empty();
    private Optional<OidcLoginConfig> oidcLogin = Optional.empty();
    private Optional<TokenKeyRing> oidcTokenKeys = Optional.empty();
    private RateLimit.TokenBucket apiRateLimit;
    private Set<String> shadowRateLimits = Set.of();
    private TrustedProxies trustedProxies = TrustedProxies.none();
    private SameOriginGuard sameOrigin = SameOriginGuard.hostHeader();
    private List<Account> accounts = List.of();

    private Builder() {}

    /** The HTTP port: 0 to 65535, 0 picking a free one. */
    /** The management port ({@code /metrics}, detailed health); 0 picks a free one. */
    public Builder managementPort(int managementPort) {
      this.managementPort = managementPort;
      return this;
    }

    /** The IP address the management port binds to. */
    public Builder managementHost(String managementHost) {
      this.managementHost = Objects.requireNonNull(managementHost, "managementHost");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    public Builder redisEnabled(boolean redisEnabled) {
      this.redisEnabled = redisEnabled;
      return this;
    }

    /** The Redis connection; its command timeout is also the failover deadline. */
    public Builder redis(RedisConfig redis) {
      this.redis = Objects.requireNonNull(redis, "redis");
      return this;
    }

    public Builder probeInterval(Duration probeInterval) {
      this.probeInterval = requirePositive("probeInterval", probeInterval);
      return this;
    }

    public Builder maxProbeInterval(Duration maxProbeInterval) {
      this.maxProbeInterval = requirePositive("maxProbeInterval", maxProbeInterval);
      return this;
    }

    public Builder loginLimitWhileDegraded(DegradedPolicy policy) {
      this.loginLimitWhileDegraded = Objects.requireNonNull(policy, "loginLimitWhileDegraded");
      return this;
    }

    public Builder apiLimitWhileDegraded(DegradedPolicy policy) {
      this.apiLimitWhileDegraded = Objects.requireNonNull(policy, "apiLimitWhileDegraded");
      return this;
    }

    /** How many instances share the load: 1 to 1000. */
    public Builder instanceCount(int instanceCount) {
      if (instanceCount < 1 || instanceCount > 1000) {
        throw new IllegalArgumentException("instanceCount must be 1 to 1000, got " + instanceCount);
      }
      this.instanceCount = instanceCount;
      return this;
    }

    /** The session near cache; {@code null} (the default) for none. */
    public Builder nearCache(NearCacheConfig nearCache) {
      this.nearCache = nearCache;
      return this;
    }

    public Builder sessions(SessionConfig sessions) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
      return this;
    }

    /**
     * The cookie's name: 1 to 64 letters, digits, {@code _}, {@code .} or {@code -}, without the {@code __Host-}
     * prefix, which is added when the cookie is secure ({@link #build()} refuses a name that has it).
     */
    public Builder cookieName(String cookieName) {
      if (cookieName == null || !COOKIE_NAME.matcher(cookieName).matches()) {
        throw new IllegalArgumentException("cookieName must be " + COOKIE_NAME_FORM + ", got "
            + (cookieName == null ? "null" : "\"" + cookieName + "\""));
      }
      this.cookieName = cookieName;
      return this;
    }

    public Builder cookieSecure(boolean cookieSecure) {
      this.cookieSecure = cookieSecure;
      return this;
    }

    public Builder loginLimit(RateLimit.SlidingWindow loginLimit) {
      this.loginLimit = Objects.requireNonNull(loginLimit, "loginLimit");
      return this;
    }

    public Builder login(LoginSettings login) {
      this.login = Objects.requireNonNull(login, "login");
      return this;
    }

    /** JWT bearer authentication; empty (the default) for sessions only. */
    public Builder oidc(Optional<OidcSettings> oidc) {
      this.oidc = Objects.requireNonNull(oidc, "oidc");
      return this;
    }

    /** The browser login against the OpenID Connect provider; empty (the default) for none. */
    public Builder oidcLogin(Optional<OidcLoginConfig> oidcLogin) {
      this.oidcLogin = Objects.requireNonNull(oidcLogin, "oidcLogin");
      return this;
    }

    /** The keys that encrypt the provider tokens kept in Redis; empty (the default) for a random key per instance. */
    public Builder oidcTokenKeys(Optional<TokenKeyRing> oidcTokenKeys) {
      this.oidcTokenKeys = Objects.requireNonNull(oidcTokenKeys, "oidcTokenKeys");
      return this;
    }

    /** The limit on {@code /api/*} per client; {@code null} for none. */
    public Builder apiRateLimit(RateLimit.TokenBucket apiRateLimit) {
      this.apiRateLimit = apiRateLimit;
      return this;
    }

    /** The rate limiters to run in shadow mode, by name ({@code login-ip}, {@code login-user}, {@code api}). */
    public Builder shadowRateLimits(Set<String> shadowRateLimits) {
      this.shadowRateLimits = Set.copyOf(shadowRateLimits);
      return this;
    }

    public Builder trustedProxies(TrustedProxies trustedProxies) {
      this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
      return this;
    }

    /** The same-origin guard; {@link SameOriginGuard#hostHeader()} by default. */
    public Builder sameOrigin(SameOriginGuard sameOrigin) {
      this.sameOrigin = Objects.requireNonNull(sameOrigin, "sameOrigin");
      return this;
    }

    /** The accounts; usernames must be unique, and their hashes of one bcrypt cost. */
    public Builder accounts(List<Account> accounts) {
      long distinct = accounts.stream().map(Account::username).distinct().count();
      if (distinct != accounts.size()) {
        throw new IllegalArgumentException("account usernames must be unique, got "
            + accounts.stream().map(Account::username).toList());
      }
      Accounts.mixedCosts(accounts).ifPresent(mixed -> {
        throw new IllegalArgumentException("accounts " + Accounts.ONE_COST_RULE + ", got " + mixed);
      });
      this.accounts = List.copyOf(accounts);
      return this;
    }

    public ServerConfig build() {
      if (maxProbeInterval.compareTo(probeInterval) < 0) {
        throw new IllegalArgumentException("maxProbeInterval must not be shorter than probeInterval, got "
            + maxProbeInterval + " and " + probeInterval);
      }
      return new ServerConfig(this);
    }
  }
}
