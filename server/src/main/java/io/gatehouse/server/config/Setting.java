package io.gatehouse.server.config;

import static io.gatehouse.server.config.DurationText.format;

import io.gatehouse.oidc.JwtVerifierConfig;
import io.gatehouse.oidc.login.OidcLoginConfig;
import io.gatehouse.redis.RedisConfig;
import io.gatehouse.nearcache.NearCacheConfig;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.SessionCookie;
import java.util.Locale;

/**
 * One environment variable the server reads: its name, its default as shown in {@code --help}, and what it sets.
 *
 * <p>The constants' names are the variables' names. {@link ServerConfig#fromEnvironment} reads each of them once;
 * nothing else in the server calls {@link System#getenv()}. Each default shown is written from the constant the
 * reader falls back to ({@link ServerConfig}'s {@code DEFAULT_*}, or the library type's own), so the help text
 * cannot drift from what the server does.
 */
public enum Setting {
  PORT(Integer.toString(ServerConfig.DEFAULT_PORT), "HTTP port; 0 picks a free one"),
  MANAGEMENT_PORT(Integer.toString(ServerConfig.DEFAULT_MANAGEMENT_PORT), "port of /metrics and detailed health"
      + " (/api/health with components, /api/health/redis with details); 0 picks a free one"),
  MANAGEMENT_HOST(ServerConfig.DEFAULT_MANAGEMENT_HOST, "IP address the management port binds to; 0.0.0.0 (or ::)"
      + " to let a Prometheus elsewhere scrape it"),
  REDIS_ENABLED(Boolean.toString(ServerConfig.DEFAULT_REDIS_ENABLED), "false keeps sessions and rate limits in memory"
      + " only, by choice (mode DISABLED)"),
  REDIS_URL(RedisConfig.DEFAULT_URL, "where Redis is: redis://[[user]:password@]host[:port][/db], rediss:// for"
      + " TLS, redis-sentinel://host:port[,host:port]/db#master; the password is masked in logs"),
  REDIS_KEY_PREFIX(RedisConfig.DEFAULT_KEY_PREFIX, "prefix of every Redis key"),
  REDIS_CLUSTER_NODES("", "Redis Cluster seed nodes, host:port[,host:port...]; REDIS_URL then only gives the"
      + " credentials (redis://user:password@any) and TLS (rediss://)"),
  REDIS_SENTINEL_PASSWORD("", "the sentinels' own password, when they have one (REDIS_URL's is the data nodes')", true),
  REDIS_TLS_CA_FILE("", "PEM file of the CA that signed the Redis server's certificate (rediss://); default: the JVM's"),
  REDIS_TLS_CERT_FILE("", "PEM client certificate, for Redis servers that require one (with REDIS_TLS_KEY_FILE)"),
  REDIS_TLS_KEY_FILE("", "PEM (PKCS#8) private key of REDIS_TLS_CERT_FILE"),
  REDIS_REVOCATION_REPLICAS(Integer.toString(ServerConfig.DEFAULT_REVOCATION_REPLICAS), "replicas that must"
      + " acknowledge a revocation (WAIT) so a failover cannot undo it; 0 waits for none"),
  REDIS_REVOCATION_TIMEOUT(format(RedisConfig.DEFAULT_REVOCATION_REPLICA_TIMEOUT), "how long a revocation waits for"
      + " REDIS_REVOCATION_REPLICAS"),
  REDIS_TIMEOUT(format(ServerConfig.DEFAULT_REDIS_TIMEOUT), "Redis command timeout, and the failover deadline: a"
      + " slower call counts as an outage"),
  FAILOVER_PROBE_INTERVAL(format(ServerConfig.DEFAULT_PROBE_INTERVAL), "how often a DEGRADED instance checks whether"
      + " Redis is back (first interval)"),
  FAILOVER_MAX_PROBE_INTERVAL(format(ServerConfig.DEFAULT_MAX_PROBE_INTERVAL), "longest interval between probes while"
      + " Redis stays away (backoff)"),
  LOGIN_LIMIT_WHILE_DEGRADED(ServerConfig.DEFAULT_LOGIN_LIMIT_WHILE_DEGRADED.text(), "login limits while Redis is"
      + " away: local (per instance, the limit divided by INSTANCE_COUNT), allow (fail open) or deny (fail closed)"),
  API_LIMIT_WHILE_DEGRADED(ServerConfig.DEFAULT_API_LIMIT_WHILE_DEGRADED.text(), "API_RATE_LIMIT while Redis is away:"
      + " local, allow or deny"),
  INSTANCE_COUNT(Integer.toString(ServerConfig.DEFAULT_INSTANCE_COUNT), "how many instances share the load; local"
      + " limits while degraded are divided by it"),
  SESSION_IDLE_TIMEOUT(format(SessionConfig.DEFAULT_IDLE_TIMEOUT), "a session expires after this long without a"
      + " request (sliding)"),
  SESSION_TIMEOUT_SECONDS("", "the idle timeout in seconds, instead of SESSION_IDLE_TIMEOUT"),
  SESSION_TIMEOUT_HOURS("", "the idle timeout in hours, instead of SESSION_IDLE_TIMEOUT"),
  SESSION_ABSOLUTE_TIMEOUT(format(SessionConfig.DEFAULT_ABSOLUTE_TIMEOUT), "a session expires this long after login,"
      + " however active"),
  SESSION_TOUCH_INTERVAL("", "how old a session's last refresh must be before a validation refreshes its idle"
      + " deadline in Redis again (a session then expires between idle - interval and idle after its last use);"
      + " 0s: every validation; none: a tenth of the idle timeout, 1s to half of it"),
  MAX_SESSIONS_PER_USER(Integer.toString(SessionConfig.DEFAULT_MAX_SESSIONS_PER_SUBJECT), "most live sessions per"
      + " user, the oldest revoked to make room; 0 for no cap (then nothing bounds one user's sessions)"),
  SESSION_NEAR_CACHE(Boolean.toString(ServerConfig.DEFAULT_SESSION_NEAR_CACHE), "true answers session checks from"
      + " this instance's memory for up to SESSION_NEAR_CACHE_MAX_STALENESS, told of revocations through Redis pub/sub"
      + " (unused while that subscription is down); needs Redis"),
  SESSION_NEAR_CACHE_MAX_STALENESS(format(NearCacheConfig.DEFAULT_MAX_STALENESS), "longest time the near cache"
      + " answers for a session without asking Redis; at most " + format(NearCacheConfig.MAX_STALENESS_LIMIT)),
  COOKIE_NAME(ServerConfig.DEFAULT_COOKIE_NAME, "name of the session cookie; with COOKIE_SECURE=true browsers get it"
      + " as " + SessionCookie.HOST_PREFIX + "<name> (host-only, HTTPS only), so give it without that prefix"),
  COOKIE_SECURE(Boolean.toString(ServerConfig.DEFAULT_COOKIE_SECURE), "mark the cookie Secure (HTTPS only) and name"
      + " it " + SessionCookie.HOST_PREFIX + "<COOKIE_NAME>; false for plain-HTTP local use"),
  RATE_LIMIT_ATTEMPTS(Integer.toString(ServerConfig.DEFAULT_LOGIN_ATTEMPTS), "failed logins allowed in"
      + " RATE_LIMIT_WINDOW per client IP and per username (clients without a device cookie for it), and per device"
      + " (clients with one)"),
  RATE_LIMIT_WINDOW(format(ServerConfig.DEFAULT_LOGIN_WINDOW), "the sliding window of RATE_LIMIT_ATTEMPTS"),
  LOGIN_SUCCESS_LIMIT(LoginSettings.DEFAULT_SUCCESS_LIMIT.limit() + "/"
      + format(LoginSettings.DEFAULT_SUCCESS_LIMIT.window()), "successful logins allowed per username:"
      + " count/window, e.g. 20/15m"),
  LOGIN_DEVICE_KEY("", "secret that signs device cookies, the same on every instance: at least 32 characters"
      + " (openssl rand -base64 32); unset, each instance uses a random key of its own and warns", true),
  BCRYPT_MAX_CONCURRENT(Integer.toString(LoginSettings.DEFAULT_MAX_CONCURRENT_HASHES), "password checks (bcrypt) at"
      + " once, beyond which a login gets 503 with Retry-After: 1; default twice the CPUs"),
  API_RATE_LIMIT("", "optional limit on /api/* per client IP: permits/period[,burst], e.g. 100/1s or 100/1s,200"),
  SHADOW_RATE_LIMITS("", "comma-separated rate limiters in shadow mode (login-ip, login-user, api): they count and"
      + " report what they would refuse (metrics, console, a Gatehouse-Shadow-Refused header) but refuse nothing"),
  TRUSTED_PROXIES("", "comma-separated IPs or CIDR blocks of proxies whose X-Forwarded-For is believed"),
  PUBLIC_ORIGIN("", "comma-separated origins the site's pages are served from, e.g. https://gate.example: a"
      + " state-changing cookie request's Origin must match one in scheme, host and port; none: Origin against Host"),
  USERS_FILE("", "file of accounts, one per line: username:bcrypt-hash:role1,role2"),
  ADMIN_USERNAME(ServerConfig.DEFAULT_ADMIN_USERNAME, "name of the account ADMIN_PASSWORD_HASH creates, with role"
      + " admin"),
  ADMIN_PASSWORD_HASH("", "bcrypt hash (from the hash-password command) of an admin account's password", true),
  OIDC_ISSUER("", "the OpenID Connect issuer URL (https; http only for localhost); set, the server also"
      + " accepts JWT bearer tokens it signed, verified against its JWKS (discovered, cached, pre-warmed)"),
  OIDC_AUDIENCE("", "required with OIDC_ISSUER: comma-separated audiences, one of which a token's aud must name"),
  OIDC_ROLES_CLAIM("", "claim name or dotted path of a token's roles, e.g. realm_access.roles (Keycloak); none:"
      + " JWT principals have no roles"),
  OIDC_ALGORITHMS(String.join(",", JwtVerifierConfig.SUPPORTED_ALGORITHMS.stream()
      .filter(JwtVerifierConfig.DEFAULT_ALGORITHMS::contains).toList()), "comma-separated"
      + " signing algorithms accepted, among " + String.join(", ", JwtVerifierConfig.SUPPORTED_ALGORITHMS)),
  OIDC_CLOCK_SKEW(format(JwtVerifierConfig.DEFAULT_CLOCK_SKEW), "leeway for a token's exp, nbf and iat, at most "
      + format(JwtVerifierConfig.MAX_CLOCK_SKEW)),
  OIDC_SUBJECT_CLAIM("sub", "the claim holding a JWT principal's subject"),
  OIDC_REQUIRED_TYPE("", "the typ header every JWT must have, such as at+jwt (RFC 9068); none: any"),
  OIDC_REQUIRED_SCOPES("", "space- or comma-separated scopes every JWT must grant (scope or scp); none: no scope"
      + " required"),
  OIDC_JWKS_REFRESH(format(JwtVerifierConfig.DEFAULT_JWKS_CACHE_TTL), "how long the provider's keys are cached; they"
      + " are fetched again in the background " + format(JwtVerifierConfig.DEFAULT_JWKS_REFRESH_AHEAD) + " before"),
  OIDC_JWKS_OUTAGE_TOLERANCE(format(JwtVerifierConfig.DEFAULT_JWKS_OUTAGE_TOLERANCE), "how long the last good keys"
      + " keep verifying while the provider's JWKS cannot be fetched; at least OIDC_JWKS_REFRESH"),
  OIDC_START_WITHOUT_KEYS(Boolean.toString(OidcSettings.DEFAULT_START_WITHOUT_KEYS), "true: report ready before the"
      + " provider's keys are loaded (JWTs get 401 until they are); false: /api/health/ready answers 503 until then"),
  OIDC_CLIENT_ID("", "set with OIDC_ISSUER: enables the browser login (/api/auth/oidc/login) as this client of the"
      + " provider; then OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI are required"),
  OIDC_CLIENT_SECRET("", "the client's secret at the provider", true),
  OIDC_CLIENT_AUTH("client_secret_basic", "how the secret is sent to the token endpoint: client_secret_basic or"
      + " client_secret_post"),
  OIDC_REDIRECT_URI("", "this server's callback as registered at the provider, e.g."
      + " https://gate.example/api/auth/oidc/callback"),
  OIDC_SCOPES(String.join(" ", OidcLoginConfig.DEFAULT_SCOPES), "space- or comma-separated scopes asked for;"
      + " must include openid"),
  OIDC_POST_LOGIN_PATH(OidcLoginConfig.DEFAULT_POST_LOGIN_PATH, "where the browser lands after login: a path on"
      + " this site such as /app, never a URL"),
  OIDC_POST_LOGOUT_REDIRECT_URI("", "where the provider sends the browser after logout, as registered there; none:"
      + " the provider decides"),
  OIDC_TOKEN_KEYS("", "keys that encrypt the provider tokens kept in Redis (AES-256-GCM), the same on every instance:"
      + " <key id>:<base64 32-byte key>, comma-separated, the first one current; none: a random key per instance",
      true);

  private final String defaultValue;
  private final String description;
  private final boolean secret;

  Setting(String defaultValue, String description) {
    this(defaultValue, description, false);
  }

  Setting(String defaultValue, String description, boolean secret) {
    this.defaultValue = defaultValue;
    this.description = description;
    this.secret = secret;
  }

  /** The default as {@code --help} shows it; empty when unset means "none". */
  public String defaultValue() {
    return defaultValue;
  }

  /** What the variable sets, one sentence. */
  public String description() {
    return description;
  }

  /** Whether the value must never be shown (in logs, errors or {@code --help}). */
  public boolean secret() {
    return secret;
  }

  /** The text of {@code --help}: usage, then every variable with its default. */
  public static String help() {
    StringBuilder help = new StringBuilder()
        .append("Usage: java -jar gatehouse-server.jar                 start the server (settings below)\n")
        .append("       java -jar gatehouse-server.jar hash-password   print the bcrypt hash of a password read"
            + " from standard input\n")
        .append("       java -jar gatehouse-server.jar --help          print this text\n\n")
        .append("Environment variables (durations: 250ms, 900s, 15m, 1h, 7d or ISO-8601 like PT15M):\n");
    for (Setting setting : values()) {
      String shown = setting.defaultValue.isEmpty() ? "(none)" : setting.defaultValue;
      help.append(String.format(Locale.ROOT, "  %-28s default %s%n      %s%n", setting.name(), shown,
          setting.description));
    }
    return help.toString();
  }
}
