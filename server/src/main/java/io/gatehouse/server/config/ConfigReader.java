package io.gatehouse.server.config;

import static io.gatehouse.server.config.EnvironmentVariables.invalid;

import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.redis.RedisConfig;
import io.gatehouse.redis.RedisTls;
import io.gatehouse.server.auth.Account;
import io.gatehouse.server.auth.Accounts;
import io.gatehouse.server.auth.AccountsFile;
import io.gatehouse.server.auth.BcryptPasswords;
import io.gatehouse.nearcache.NearCacheConfig;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.client.CidrBlock;
import io.gatehouse.web.client.TrustedProxies;
import io.gatehouse.web.csrf.Origin;
import io.gatehouse.web.csrf.SameOriginGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every {@link Setting} from the environment into a {@link ServerConfig}, once, in the order of the enum. An
 * unset variable takes the same {@code DEFAULT_*} constant that {@link Setting#help()} shows.
 */
final class ConfigReader {

  /** The limiters of {@code ServerGatehouse}, by the names it registers them under. */
  private static final List<String> SHADOWABLE = List.of("login-ip", "login-user", "api");
  private static final Pattern API_LIMIT = Pattern.compile("(\\d{1,9})/([^,]+)(?:,(\\d{1,9}))?");

  private final EnvironmentVariables env;

  ConfigReader(EnvironmentVariables env) {
    this.env = env;
  }

  ServerConfig read() {
    OidcLoginSettingsReader oidcLogin = new OidcLoginSettingsReader(env);
    ServerConfig.Builder config = ServerConfig.builder()
        .port(env.integer(Setting.PORT, ServerConfig.DEFAULT_PORT, 0, 65_535))
        .managementPort(env.integer(Setting.MANAGEMENT_PORT, ServerConfig.DEFAULT_MANAGEMENT_PORT, 0, 65_535))
        .managementHost(managementHost())
        .redisEnabled(env.bool(Setting.REDIS_ENABLED, ServerConfig.DEFAULT_REDIS_ENABLED))
        .redis(redis());
    Duration probe = atMostLongestProbeInterval(Setting.FAILOVER_PROBE_INTERVAL,
        env.duration(Setting.FAILOVER_PROBE_INTERVAL, ServerConfig.DEFAULT_PROBE_INTERVAL));
    Duration maxProbe = atMostLongestProbeInterval(Setting.FAILOVER_MAX_PROBE_INTERVAL,
        env.duration(Setting.FAILOVER_MAX_PROBE_INTERVAL, max(ServerConfig.DEFAULT_MAX_PROBE_INTERVAL, probe)));
    if (maxProbe.compareTo(probe) < 0) {
      throw invalid(Setting.FAILOVER_MAX_PROBE_INTERVAL,
          "at least FAILOVER_PROBE_INTERVAL (" + DurationText.format(probe) + ")",
          env.raw(Setting.FAILOVER_MAX_PROBE_INTERVAL).orElse(""));
    }
    return config.probeInterval(probe)
        .maxProbeInterval(maxProbe)
        .loginLimitWhileDegraded(env.choice(Setting.LOGIN_LIMIT_WHILE_DEGRADED, DegradedPolicy.class,
            ServerConfig.DEFAULT_LOGIN_LIMIT_WHILE_DEGRADED))
        .apiLimitWhileDegraded(env.choice(Setting.API_LIMIT_WHILE_DEGRADED, DegradedPolicy.class,
            ServerConfig.DEFAULT_API_LIMIT_WHILE_DEGRADED))
        .instanceCount(env.integer(Setting.INSTANCE_COUNT, ServerConfig.DEFAULT_INSTANCE_COUNT, 1, 1000))
        .sessions(sessions())
        .nearCache(nearCache())
        .cookieName(cookieName())
        .cookieSecure(env.bool(Setting.COOKIE_SECURE, ServerConfig.DEFAULT_COOKIE_SECURE))
        .loginLimit(loginLimit())
        .login(new LoginSettingsReader(env).read())
        .oidc(new OidcSettingsReader(env).read())
        .oidcLogin(oidcLogin.read())
        .oidcTokenKeys(oidcLogin.tokenKeys())
        .apiRateLimit(apiRateLimit())
        .shadowRateLimits(shadowRateLimits())
        .trustedProxies(trustedProxies())
        .sameOrigin(sameOrigin())
        .accounts(ofOneCost(accounts()))
        .build();
  }

  private RedisConfig redis() {
    RedisConfig.Builder redis = RedisConfig.builder()
        .commandTimeout(env.duration(Setting.REDIS_TIMEOUT, ServerConfig.DEFAULT_REDIS_TIMEOUT));
    env.raw(Setting.REDIS_URL).ifPresent(url -> {
      try {
        redis.url(url.trim());
      } catch (IllegalArgumentException e) {
        // RedisConfig's message already masks the password and names the form; only the subject changes.
        throw new ConfigException(e.getMessage().replaceFirst("^Redis URL", Setting.REDIS_URL.name()));
      }
    });
    env.raw(Setting.REDIS_KEY_PREFIX).ifPresent(prefix -> {
      try {
        redis.keyPrefix(prefix);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage().replaceFirst("^Redis key prefix", Setting.REDIS_KEY_PREFIX.name()));
      }
    });
    env.raw(Setting.REDIS_CLUSTER_NODES).filter(nodes -> !nodes.isBlank()).ifPresent(nodes -> {
      try {
        redis.clusterNodes(nodes);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage().replaceFirst("^Redis cluster nodes", Setting.REDIS_CLUSTER_NODES.name()));
      }
    });
    env.raw(Setting.REDIS_SENTINEL_PASSWORD).ifPresent(redis::sentinelPassword);
    redis.tls(tls());
    redis.revocationReplicas(env.integer(Setting.REDIS_REVOCATION_REPLICAS, ServerConfig.DEFAULT_REVOCATION_REPLICAS,
        0, 16),
        env.duration(Setting.REDIS_REVOCATION_TIMEOUT, RedisConfig.DEFAULT_REVOCATION_REPLICA_TIMEOUT));
    return redis.build();
  }

  private RedisTls tls() {
    Optional<Path> ca = file(Setting.REDIS_TLS_CA_FILE);
    Optional<Path> cert = file(Setting.REDIS_TLS_CERT_FILE);
    Optional<Path> key = file(Setting.REDIS_TLS_KEY_FILE);
    if (cert.isPresent() != key.isPresent()) {
      Setting missing = cert.isPresent() ? Setting.REDIS_TLS_KEY_FILE : Setting.REDIS_TLS_CERT_FILE;
      throw invalid(missing, "set together with " + (cert.isPresent() ? Setting.REDIS_TLS_CERT_FILE
          : Setting.REDIS_TLS_KEY_FILE).name(), "");
    }
    RedisTls tls = new RedisTls(ca.orElse(null), null, null);
    return cert.isPresent() ? tls.withClientCertificate(cert.get(), key.get()) : tls;
  }

  private Optional<Path> file(Setting setting) {
    Optional<String> value = env.raw(setting).filter(v -> !v.isBlank());
    value.ifPresent(v -> {
      if (!Files.isReadable(Path.of(v.trim()))) {
        throw invalid(setting, "a readable PEM file", v);
      }
    });
    return value.map(v -> Path.of(v.trim()));
  }

  private SessionConfig sessions() {
    Duration idle = idleTimeout();
    Duration absolute = env.duration(Setting.SESSION_ABSOLUTE_TIMEOUT,
        max(SessionConfig.DEFAULT_ABSOLUTE_TIMEOUT, idle));
    if (absolute.compareTo(idle) < 0) {
      throw invalid(Setting.SESSION_ABSOLUTE_TIMEOUT,
          "at least the idle timeout (" + DurationText.format(idle) + ")",
          env.raw(Setting.SESSION_ABSOLUTE_TIMEOUT).orElse(""));
    }
    SessionConfig.Builder sessions = SessionConfig.builder()
        .idleTimeout(idle)
        .absoluteTimeout(absolute)
        .maxSessionsPerSubject(env.integer(Setting.MAX_SESSIONS_PER_USER,
            SessionConfig.DEFAULT_MAX_SESSIONS_PER_SUBJECT, 0, 10_000));
    Optional<String> touch = env.raw(Setting.SESSION_TOUCH_INTERVAL);
    if (touch.isEmpty()) {
      return sessions.build();
    }
    String form = "a duration from 0s to half of SESSION_IDLE_TIMEOUT (" + DurationText.format(idle.dividedBy(2))
        + ") like 1m";
    // Zero is allowed here: a refresh on every validation.
    Duration interval = DurationText.parseNonNegative(touch.get())
        .orElseThrow(() -> invalid(Setting.SESSION_TOUCH_INTERVAL, form, touch.get()));
    try {
      return sessions.touchInterval(interval).build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw invalid(Setting.SESSION_TOUCH_INTERVAL, form, touch.get());
    }
  }

  /** SESSION_NEAR_CACHE and its staleness; the staleness is checked even while the cache is off. */
  private NearCacheConfig nearCache() {
    Duration staleness = env.duration(Setting.SESSION_NEAR_CACHE_MAX_STALENESS, NearCacheConfig.DEFAULT_MAX_STALENESS);
    if (staleness.isZero() || staleness.isNegative() || staleness.compareTo(NearCacheConfig.MAX_STALENESS_LIMIT) > 0) {
      throw invalid(Setting.SESSION_NEAR_CACHE_MAX_STALENESS, "a duration from 1ms to "
          + DurationText.format(NearCacheConfig.MAX_STALENESS_LIMIT) + " like 1s or 500ms",
          env.raw(Setting.SESSION_NEAR_CACHE_MAX_STALENESS).orElse(""));
    }
    if (!env.bool(Setting.SESSION_NEAR_CACHE, ServerConfig.DEFAULT_SESSION_NEAR_CACHE)) {
      return null;
    }
    if (!env.bool(Setting.REDIS_ENABLED, ServerConfig.DEFAULT_REDIS_ENABLED)) {
      throw invalid(Setting.SESSION_NEAR_CACHE, "false while REDIS_ENABLED is false (it caches what Redis holds)",
          env.raw(Setting.SESSION_NEAR_CACHE).orElse(""));
    }
    return NearCacheConfig.builder().maxStaleness(staleness).build();
  }

  /** SESSION_IDLE_TIMEOUT, or its older spellings in seconds or hours; at most one of the three. */
  private Duration idleTimeout() {
    List<Setting> given = new ArrayList<>();
    for (Setting s : List.of(Setting.SESSION_IDLE_TIMEOUT, Setting.SESSION_TIMEOUT_SECONDS,
        Setting.SESSION_TIMEOUT_HOURS)) {
      env.raw(s).ifPresent(v -> given.add(s));
    }
    if (given.size() > 1) {
      throw invalid(given.get(1), "unset when " + given.get(0).name() + " is set (both set the idle timeout)",
          env.raw(given.get(1)).orElse(""));
    }
    if (given.isEmpty()) {
      return SessionConfig.DEFAULT_IDLE_TIMEOUT;
    }
    Setting setting = given.get(0);
    String value = env.raw(setting).orElseThrow();
    return switch (setting) {
      case SESSION_TIMEOUT_SECONDS ->
          Duration.ofSeconds(EnvironmentVariables.parseInteger(setting, value, 1, 31_536_000));
      case SESSION_TIMEOUT_HOURS -> Duration.ofHours(EnvironmentVariables.parseInteger(setting, value, 1, 8_760));
      default -> EnvironmentVariables.parseDuration(setting, value);
    };
  }

  private String cookieName() {
    String name = env.raw(Setting.COOKIE_NAME).orElse(ServerConfig.DEFAULT_COOKIE_NAME);
    if (!ServerConfig.COOKIE_NAME.matcher(name).matches()) {
      throw invalid(Setting.COOKIE_NAME, ServerConfig.COOKIE_NAME_FORM, name);
    }
    // The server adds __Host- itself; a name that already has a reserved prefix would be refused by SessionCookie
    // at start-up with a message that does not name the variable.
    if (startsWithIgnoreCase(name, SessionCookie.HOST_PREFIX) || startsWithIgnoreCase(name, "__Secure-")) {
      throw invalid(Setting.COOKIE_NAME, "given without the " + SessionCookie.HOST_PREFIX + " or __Secure- prefix"
          + " (with COOKIE_SECURE=true the server adds " + SessionCookie.HOST_PREFIX + " itself)", name);
    }
    return name;
  }

  private RateLimit.SlidingWindow loginLimit() {
    int attempts = env.integer(Setting.RATE_LIMIT_ATTEMPTS, ServerConfig.DEFAULT_LOGIN_ATTEMPTS, 1,
        RateLimit.SlidingWindow.MAX_LIMIT);
    Duration window = env.duration(Setting.RATE_LIMIT_WINDOW, ServerConfig.DEFAULT_LOGIN_WINDOW);
    if (window.toMillis() < 1) {
      throw invalid(Setting.RATE_LIMIT_WINDOW, "at least 1ms", env.raw(Setting.RATE_LIMIT_WINDOW).orElse(""));
    }
    return RateLimit.slidingWindow(attempts, window);
  }

  private RateLimit.TokenBucket apiRateLimit() {
    Optional<String> value = env.optional(Setting.API_RATE_LIMIT);
    if (value.isEmpty()) {
      return null;
    }
    String form = "permits/period[,burst] like 100/1s or 100/1s,200, or empty for no limit";
    Matcher m = API_LIMIT.matcher(value.get());
    if (!m.matches()) {
      throw invalid(Setting.API_RATE_LIMIT, form, value.get());
    }
    try {
      long permits = Long.parseLong(m.group(1));
      Duration period = EnvironmentVariables.parseDuration(Setting.API_RATE_LIMIT, m.group(2));
      long burst = m.group(3) == null ? permits : Long.parseLong(m.group(3));
      return RateLimit.tokenBucket(permits, period, burst);
    } catch (IllegalArgumentException e) {
      throw invalid(Setting.API_RATE_LIMIT, form + " (at least 1 permit, at most one per microsecond)", value.get());
    }
  }

  private Set<String> shadowRateLimits() {
    Optional<String> value = env.optional(Setting.SHADOW_RATE_LIMITS);
    if (value.isEmpty()) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (String name : value.get().split(",", -1)) {
      String trimmed = name.trim();
      if (!SHADOWABLE.contains(trimmed)) {
        throw invalid(Setting.SHADOW_RATE_LIMITS, "a comma-separated list of " + String.join(", ", SHADOWABLE),
            value.get());
      }
      names.add(trimmed);
    }
    if (names.contains("api") && env.optional(Setting.API_RATE_LIMIT).isEmpty()) {
      throw invalid(Setting.SHADOW_RATE_LIMITS, "a list without api while API_RATE_LIMIT is not set",
          value.get());
    }
    return names;
  }

  private String managementHost() {
    String value = env.raw(Setting.MANAGEMENT_HOST).orElse(ServerConfig.DEFAULT_MANAGEMENT_HOST).trim();
    try {
      if (value.contains("/")) {
        throw new IllegalArgumentException("a block, not an address");
      }
      CidrBlock.parse(value);
      return value;
    } catch (IllegalArgumentException e) {
      throw invalid(Setting.MANAGEMENT_HOST, "an IP address like 127.0.0.1, 0.0.0.0 or ::1", value);
    }
  }

  private SameOriginGuard sameOrigin() {
    String value = env.raw(Setting.PUBLIC_ORIGIN).orElse("");
    List<Origin> origins = new ArrayList<>();
    for (String entry : value.split(",")) {
      if (!entry.isBlank()) {
        try {
          origins.add(Origin.parse(entry.trim()));
        } catch (IllegalArgumentException e) {
          throw invalid(Setting.PUBLIC_ORIGIN, "a comma-separated list of origins like https://gate.example or "
              + "http://localhost:8000 (scheme, host and optional port; no path)", value);
        }
      }
    }
    return origins.isEmpty() ? SameOriginGuard.hostHeader() : SameOriginGuard.publicOrigins(origins);
  }

  private TrustedProxies trustedProxies() {
    String value = env.raw(Setting.TRUSTED_PROXIES).orElse("");
    try {
      return TrustedProxies.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(Setting.TRUSTED_PROXIES, "a comma-separated list of IP addresses or CIDR blocks like "
          + "10.0.0.0/8,::1", value);
    }
  }

  private List<Account> accounts() {
    List<Account> accounts = new ArrayList<>();
    env.optional(Setting.USERS_FILE).ifPresent(file -> {
      try {
        accounts.addAll(AccountsFile.read(Path.of(file)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Setting.USERS_FILE.name() + " " + e.getMessage());
      }
    });
    Optional<String> hash = env.optional(Setting.ADMIN_PASSWORD_HASH);
    Optional<String> name = env.raw(Setting.ADMIN_USERNAME);
    if (hash.isEmpty()) {
      if (name.isPresent()) {
        throw new ConfigException(Setting.ADMIN_PASSWORD_HASH.name() + " must be set when ADMIN_USERNAME is "
            + "(make one with: java -jar gatehouse-server.jar hash-password), got nothing");
      }
      if (accounts.isEmpty() && env.optional(Setting.USERS_FILE).isPresent()) {
        // A deployment that manages accounts in a file never gets a first-run admin it did not ask for.
        throw new ConfigException(Setting.USERS_FILE.name() + " must list at least one account ("
            + AccountsFile.LINE_FORM + " per line), got a file with none: " + env.optional(Setting.USERS_FILE).get());
      }
      return accounts;
    }
    if (!BcryptPasswords.isHash(hash.get())) {
      throw invalid(Setting.ADMIN_PASSWORD_HASH, "a bcrypt hash like $2a$12$ followed by 53 characters "
          + "(make one with: java -jar gatehouse-server.jar hash-password)", hash.get());
    }
    String username = name.orElse(ServerConfig.DEFAULT_ADMIN_USERNAME);
    Account admin;
    try {
      admin = new Account(username, hash.get(), Set.of(Account.ADMIN, "user"));
    } catch (IllegalArgumentException e) {
      throw invalid(Setting.ADMIN_USERNAME, "1 to 64 letters, digits, '.', '_', '@', '+' or '-'", username);
    }
    if (accounts.stream().anyMatch(a -> a.username().equals(username))) {
      throw invalid(Setting.ADMIN_USERNAME, "a name that USERS_FILE does not also define", username);
    }
    accounts.add(admin);
    return accounts;
  }

  /** Refuses accounts of mixed bcrypt costs, naming the variables they came from. */
  private List<Account> ofOneCost(List<Account> accounts) {
    Accounts.mixedCosts(accounts).ifPresent(mixed -> {
      boolean both = env.optional(Setting.USERS_FILE).isPresent()
          && env.optional(Setting.ADMIN_PASSWORD_HASH).isPresent();
      String from = both ? Setting.USERS_FILE.name() + " and " + Setting.ADMIN_PASSWORD_HASH.name()
          : Setting.USERS_FILE.name();
      throw new ConfigException("the accounts of " + from + " " + Accounts.ONE_COST_RULE + ", got " + mixed);
    });
    return accounts;
  }

  private static boolean startsWithIgnoreCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** A probe interval longer than the failover accepts keeps instances off Redis that long after it returns. */
  private Duration atMostLongestProbeInterval(Setting setting, Duration interval) {
    if (interval.compareTo(FailoverConfig.LONGEST_MAX_PROBE_INTERVAL) > 0) {
      throw invalid(setting, "a duration of at most " + DurationText.format(FailoverConfig.LONGEST_MAX_PROBE_INTERVAL),
          env.raw(setting).orElse(""));
    }
    return interval;
  }
}
