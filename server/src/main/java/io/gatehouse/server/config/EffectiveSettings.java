package io.gatehouse.server.config;

import static io.gatehouse.server.config.DurationText.format;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.redis.RedisConfig;
import io.gatehouse.server.auth.Account;
import io.gatehouse.oidc.tokens.TokenKeyRing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The listing of a {@link ServerConfig} for the start-up log: one {@code NAME=value} line per setting, in the form
 * the variables are written, with secrets masked (the Redis password) or left out (password hashes), as HikariCP's
 * {@code logConfiguration()} does.
 */
final class EffectiveSettings {

  private EffectiveSettings() {}

  static String of(ServerConfig config) {
    RedisConfig redis = config.redis();
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("PORT", Integer.toString(config.port()));
    shown.put("MANAGEMENT_PORT", Integer.toString(config.managementPort()));
    shown.put("MANAGEMENT_HOST", config.managementHost());
    shown.put("REDIS_ENABLED", Boolean.toString(config.redisEnabled()));
    shown.put("REDIS_URL", redis.displayUrl());
    shown.put("REDIS_KEY_PREFIX", redis.keyPrefix());
    shown.put("REDIS_TIMEOUT", format(redis.commandTimeout()));
    shown.put("REDIS_TOPOLOGY", redis.topology().name().toLowerCase(Locale.ROOT));
    shown.put("REDIS_REVOCATION_REPLICAS", Integer.toString(redis.revocationReplicas()));
    shown.put("FAILOVER_PROBE_INTERVAL", format(config.probeInterval()));
    shown.put("FAILOVER_MAX_PROBE_INTERVAL", format(config.maxProbeInterval()));
    shown.put("LOGIN_LIMIT_WHILE_DEGRADED", config.loginLimitWhileDegraded().text());
    shown.put("API_LIMIT_WHILE_DEGRADED", config.apiLimitWhileDegraded().text());
    shown.put("INSTANCE_COUNT", Integer.toString(config.instanceCount()));
    shown.put("SESSION_IDLE_TIMEOUT", format(config.sessions().idleTimeout()));
    shown.put("SESSION_ABSOLUTE_TIMEOUT", format(config.sessions().absoluteTimeout()));
    shown.put("MAX_SESSIONS_PER_USER", Integer.toString(config.sessions().maxSessionsPerSubject()));
    shown.put("SESSION_NEAR_CACHE", config.nearCache().map(n -> "true, max staleness " + format(n.maxStaleness()))
        .orElse("false"));
    String sentAs = config.sessionCookie().name();
    shown.put("COOKIE_NAME", config.cookieName()
        + (sentAs.equals(config.cookieName()) ? "" : " (sent as " + sentAs + ")"));
    shown.put("COOKIE_SECURE", Boolean.toString(config.cookieSecure()));
    shown.put("RATE_LIMIT_ATTEMPTS", Integer.toString(config.loginLimit().limit()));
    shown.put("RATE_LIMIT_WINDOW", format(config.loginLimit().window()));
    LoginSettings login = config.login();
    shown.put("LOGIN_SUCCESS_LIMIT", login.successLimit().limit() + "/" + format(login.successLimit().window()));
    shown.put("LOGIN_DEVICE_KEY", login.sharedDeviceKey() ? "(set, not shown)" : "(none: a random key per instance)");
    shown.put("BCRYPT_MAX_CONCURRENT", Integer.toString(login.maxConcurrentHashes()));
    Optional<RateLimit.TokenBucket> api = config.apiRateLimit();
    shown.put("API_RATE_LIMIT", api.map(limit -> limit.permits() + "/" + format(limit.period()) + "," + limit.burst())
        .orElse("(none)"));
    shown.put("SHADOW_RATE_LIMITS", config.shadowRateLimits().isEmpty() ? "(none)"
        : String.join(",", new TreeSet<>(config.shadowRateLimits())));
    shown.put("TRUSTED_PROXIES", config.trustedProxies().toString());
    shown.put("PUBLIC_ORIGIN", config.sameOrigin().origins().isEmpty() ? "(none: Origin against Host)"
        : String.join(",", config.sameOrigin().origins().stream().map(Object::toString).toList()));
    shown.put("OIDC_ISSUER", config.oidc().map(o -> o.verifier().toString()
        + (o.startWithoutKeys() ? ", starting without keys" : "")).orElse("(none: sessions only)"));
    shown.put("OIDC_CLIENT_ID", config.oidcLogin().map(Object::toString).orElse("(none: no browser login)"));
    if (config.oidcLogin().isPresent()) {
      shown.put("OIDC_TOKEN_KEYS", config.oidcTokenKeys().map(TokenKeyRing::toString)
          .orElse("(none: a random key per instance)"));
    }
    List<Account> accounts = config.accounts();
    shown.put("accounts", accounts.isEmpty() ? "(none: a first-run admin is created)"
        : accounts.size() + " (" + String.join(", ", accounts.stream().map(Account::username).toList())
            + "; password hashes not shown)");
    StringBuilder out = new StringBuilder();
    shown.forEach((name, value) -> out.append(out.length() == 0 ? "" : "\n").append(name).append('=').append(value));
    return out.toString();
  }
}
