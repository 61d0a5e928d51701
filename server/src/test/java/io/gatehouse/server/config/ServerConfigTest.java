package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.nearcache.NearCacheConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

class ServerConfigTest {

  private static final String HASH = BCrypt.hashpw("pw", BCrypt.gensalt(4));
  private static final String DURATION = "a positive duration like 250ms, 900s, 15m, 1h, 7d or PT15M";
  private static final String HASH_FORM = "a bcrypt hash like $2a$12$ followed by 53 characters (make one with: "
      + "java -jar gatehouse-server.jar hash-password)";

  @TempDir
  Path dir;

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        bad("PORT", "eighty", "PORT must be a whole number from 0 to 65535, got \"eighty\""),
        bad("PORT", "70000", "PORT must be a whole number from 0 to 65535, got \"70000\""),
        bad("PORT", "", "PORT must be a whole number from 0 to 65535, got \"\""),
        bad("REDIS_ENABLED", "maybe", "REDIS_ENABLED must be true or false, got \"maybe\""),
        bad("REDIS_URL", "http://cache:6379", "REDIS_URL must start with redis://, rediss:// or redis-sentinel://, got "
            + "\"http://cache:6379\""),
        bad("REDIS_URL", "ftp://:hunter2@cache", "REDIS_URL must start with redis://, rediss:// or redis-sentinel://, "
            + "got \"ftp://:****@cache\""),
        bad("REDIS_KEY_PREFIX", "my app:", "REDIS_KEY_PREFIX must be at most 64 characters without braces, spaces or "
            + "control characters, got \"my app:\""),
        bad("REDIS_CLUSTER_NODES", "10.0.0.1:7000,10.0.0.2", "REDIS_CLUSTER_NODES must be host:port[,host:port...], "
            + "got \"10.0.0.1:7000,10.0.0.2\" (bad node \"10.0.0.2\")"),
        bad("REDIS_TLS_CA_FILE", "/nonexistent/ca.pem", "REDIS_TLS_CA_FILE must be a readable PEM file, got "
            + "\"/nonexistent/ca.pem\""),
        bad("REDIS_REVOCATION_REPLICAS", "all", "REDIS_REVOCATION_REPLICAS must be a whole number from 0 to 16, got "
            + "\"all\""),
        bad("REDIS_TIMEOUT", "fast", "REDIS_TIMEOUT must be " + DURATION + ", got \"fast\""),
        bad("REDIS_TIMEOUT", "0ms", "REDIS_TIMEOUT must be " + DURATION + ", got \"0ms\""),
        bad("FAILOVER_PROBE_INTERVAL", "-1s", "FAILOVER_PROBE_INTERVAL must be " + DURATION + ", got \"-1s\""),
        bad("FAILOVER_MAX_PROBE_INTERVAL", "50ms", "FAILOVER_MAX_PROBE_INTERVAL must be at least "
            + "FAILOVER_PROBE_INTERVAL (100ms), got \"50ms\""),
        bad("FAILOVER_MAX_PROBE_INTERVAL", "10m", "FAILOVER_MAX_PROBE_INTERVAL must be a duration of at most 1m, got "
            + "\"10m\""),
        bad("LOGIN_LIMIT_WHILE_DEGRADED", "open", "LOGIN_LIMIT_WHILE_DEGRADED must be one of local, allow or deny, "
            + "got \"open\""),
        bad("API_LIMIT_WHILE_DEGRADED", "", "API_LIMIT_WHILE_DEGRADED must be one of local, allow or deny, got \"\""),
        bad("INSTANCE_COUNT", "0", "INSTANCE_COUNT must be a whole number from 1 to 1000, got \"0\""),
        bad("SESSION_IDLE_TIMEOUT", "half an hour", "SESSION_IDLE_TIMEOUT must be " + DURATION
            + ", got \"half an hour\""),
        bad("SESSION_TIMEOUT_SECONDS", "1800s", "SESSION_TIMEOUT_SECONDS must be a whole number from 1 to 31536000, "
            + "got \"1800s\""),
        bad("SESSION_TIMEOUT_HOURS", "0", "SESSION_TIMEOUT_HOURS must be a whole number from 1 to 8760, got \"0\""),
        bad("SESSION_ABSOLUTE_TIMEOUT", "10m", "SESSION_ABSOLUTE_TIMEOUT must be at least the idle timeout (30m), "
            + "got \"10m\""),
        bad("SESSION_TOUCH_INTERVAL", "20m", "SESSION_TOUCH_INTERVAL must be a duration from 0s to half of "
            + "SESSION_IDLE_TIMEOUT (15m) like 1m, got \"20m\""),
        bad("SESSION_TOUCH_INTERVAL", "often", "SESSION_TOUCH_INTERVAL must be a duration from 0s to half of "
            + "SESSION_IDLE_TIMEOUT (15m) like 1m, got \"often\""),
        bad("MAX_SESSIONS_PER_USER", "-1", "MAX_SESSIONS_PER_USER must be a whole number from 0 to 10000, got \"-1\""),
        bad("SESSION_NEAR_CACHE", "maybe", "SESSION_NEAR_CACHE must be true or false, got \"maybe\""),
        bad("SESSION_NEAR_CACHE_MAX_STALENESS", "2m", "SESSION_NEAR_CACHE_MAX_STALENESS must be a duration from 1ms "
            + "to 1m like 1s or 500ms, got \"2m\""),
        bad("SESSION_NEAR_CACHE_MAX_STALENESS", "soon", "SESSION_NEAR_CACHE_MAX_STALENESS must be " + DURATION
            + ", got \"soon\""),
        bad("COOKIE_NAME", "my cookie", "COOKIE_NAME must be 1 to 64 letters, digits, '_', '.' or '-', got "
            + "\"my cookie\""),
        bad("COOKIE_SECURE", "sometimes", "COOKIE_SECURE must be true or false, got \"sometimes\""),
        bad("RATE_LIMIT_ATTEMPTS", "0", "RATE_LIMIT_ATTEMPTS must be a whole number from 1 to 10000, got \"0\""),
        bad("RATE_LIMIT_WINDOW", "fifteen", "RATE_LIMIT_WINDOW must be " + DURATION + ", got \"fifteen\""),
        bad("API_RATE_LIMIT", "100 per second", "API_RATE_LIMIT must be permits/period[,burst] like 100/1s or "
            + "100/1s,200, or empty for no limit, got \"100 per second\""),
        bad("API_RATE_LIMIT", "0/1s", "API_RATE_LIMIT must be permits/period[,burst] like 100/1s or 100/1s,200, or "
            + "empty for no limit (at least 1 permit, at most one per microsecond), got \"0/1s\""),
        bad("TRUSTED_PROXIES", "10.0.0.0/33", "TRUSTED_PROXIES must be a comma-separated list of IP addresses or "
            + "CIDR blocks like 10.0.0.0/8,::1, got \"10.0.0.0/33\""),
        bad("TRUSTED_PROXIES", "proxy.internal", "TRUSTED_PROXIES must be a comma-separated list of IP addresses or "
            + "CIDR blocks like 10.0.0.0/8,::1, got \"proxy.internal\""),
        bad("PUBLIC_ORIGIN", "gate.example", "PUBLIC_ORIGIN must be a comma-separated list of origins like "
            + "https://gate.example or http://localhost:8000 (scheme, host and optional port; no path), got "
            + "\"gate.example\""),
        bad("PUBLIC_ORIGIN", "https://gate.example/app", "PUBLIC_ORIGIN must be a comma-separated list of origins "
            + "like https://gate.example or http://localhost:8000 (scheme, host and optional port; no path), got "
            + "\"https://gate.example/app\""),
        bad("MANAGEMENT_PORT", "65536", "MANAGEMENT_PORT must be a whole number from 0 to 65535, got \"65536\""),
        bad("MANAGEMENT_HOST", "localhost", "MANAGEMENT_HOST must be an IP address like 127.0.0.1, 0.0.0.0 or ::1, "
            + "got \"localhost\""),
        bad("MANAGEMENT_HOST", "10.0.0.0/8", "MANAGEMENT_HOST must be an IP address like 127.0.0.1, 0.0.0.0 or ::1, "
            + "got \"10.0.0.0/8\""),
        bad("ADMIN_PASSWORD_HASH", "secret", "ADMIN_PASSWORD_HASH must be " + HASH_FORM
            + ", got a value of 6 characters (not shown: it is a secret)"),
        bad("ADMIN_USERNAME", "bob", "ADMIN_PASSWORD_HASH must be set when ADMIN_USERNAME is (make one with: "
            + "java -jar gatehouse-server.jar hash-password), got nothing"));
  }

  private static Arguments bad(String name, String value, String message) {
    return Arguments.of(name, value, message);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidValues")
  void fromEnvironment_invalidValue_stopsStartUpWithItsMessage(String name, String value, String message) {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void fromEnvironment_nothingSet_givesTheDefaults() {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of());

    assertThat(config.port()).isEqualTo(8000);
    assertThat(config.redisEnabled()).isTrue();
    assertThat(config.redis().displayUrl()).isEqualTo("redis://localhost:6379/0");
    assertThat(config.redis().keyPrefix()).isEqualTo("gatehouse:");
    assertThat(config.redisTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.probeInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.maxProbeInterval()).isEqualTo(Duration.ofMillis(150));
    assertThat(config.loginLimitWhileDegraded()).isEqualTo(DegradedPolicy.LOCAL);
    assertThat(config.apiLimitWhileDegraded()).isEqualTo(DegradedPolicy.ALLOW);
    assertThat(config.instanceCount()).isEqualTo(1);
    assertThat(config.sessions().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.sessions().absoluteTimeout()).isEqualTo(Duration.ofHours(12));
    assertThat(config.sessions().maxSessionsPerSubject()).isEqualTo(50);
    assertThat(config.sessions().touchInterval()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.cookieName()).isEqualTo("gatehouse_session");
    assertThat(config.cookieSecure()).isTrue();
    assertThat(config.loginLimit()).isEqualTo(RateLimit.slidingWindow(5, Duration.ofMinutes(15)));
    assertThat(config.apiRateLimit()).isEmpty();
    assertThat(config.trustedProxies().isEmpty()).isTrue();
    assertThat(config.accounts()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"15m", "900s", "900000ms", "PT15M", " 15m "})
  void durations_acceptShortFormsAndIso8601(String value) {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of("RATE_LIMIT_WINDOW", value));

    assertThat(config.loginLimit().window()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void sessionTimeoutSeconds_setsTheIdleTimeout() {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of("SESSION_TIMEOUT_SECONDS", "600"));

    assertThat(config.sessions().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void sessionTimeoutHours_longerThanTheDefaultLifetime_raisesTheLifetimeToMatch() {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of("SESSION_TIMEOUT_HOURS", "24"));

    assertThat(config.sessions().idleTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(config.sessions().absoluteTimeout()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void idleTimeout_setTwoWays_isRefused() {
    Map<String, String> env = Map.of("SESSION_IDLE_TIMEOUT", "30m", "SESSION_TIMEOUT_SECONDS", "600");

    assertThatThrownBy(() -> ServerConfig.fromEnvironment(env))
        .hasMessage("SESSION_TIMEOUT_SECONDS must be unset when SESSION_IDLE_TIMEOUT is set (both set the idle "
            + "timeout), got \"600\"");
  }

  @Test
  void sessionNearCache_offByDefault_onWithItsStaleness() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).nearCache()).isEmpty();
    ServerConfig config = ServerConfig.fromEnvironment(Map.of("SESSION_NEAR_CACHE", "true",
        "SESSION_NEAR_CACHE_MAX_STALENESS", "500ms"));
    assertThat(config.nearCache()).get().extracting(NearCacheConfig::maxStaleness).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void sessionNearCache_withoutRedis_isRefused() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SESSION_NEAR_CACHE", "true",
        "REDIS_ENABLED", "false")))
        .hasMessage("SESSION_NEAR_CACHE must be false while REDIS_ENABLED is false (it caches what Redis holds), "
            + "got \"true\"");
  }

  @Test
  void apiRateLimit_permitsPerPeriod_withOptionalBurst() {
    assertThat(ServerConfig.fromEnvironment(Map.of("API_RATE_LIMIT", "100/1s")).apiRateLimit())
        .contains(RateLimit.tokenBucket(100, Duration.ofSeconds(1), 100));
    assertThat(ServerConfig.fromEnvironment(Map.of("API_RATE_LIMIT", "100/1s,200")).apiRateLimit())
        .contains(RateLimit.tokenBucket(100, Duration.ofSeconds(1), 200));
    assertThat(ServerConfig.fromEnvironment(Map.of("API_RATE_LIMIT", "")).apiRateLimit()).isEmpty();
  }

  @Test
  void trustedProxies_ipv4AndIpv6Blocks() throws Exception {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of("TRUSTED_PROXIES", "10.0.0.0/8, ::1"));

    assertThat(config.trustedProxies().contains(InetAddress.getByName("10.1.2.3"))).isTrue();
    assertThat(config.trustedProxies().contains(InetAddress.getByName("::1"))).isTrue();
    assertThat(config.trustedProxies().contains(InetAddress.getByName("11.0.0.1"))).isFalse();
  }

  @Test
  void accounts_fromUsersFileAndAdminVariables() throws IOException {
    Path users = Files.writeString(dir.resolve("users"), "# comment\n\nalice:" + HASH + ":user\nbob:" + HASH + "\n");

    ServerConfig config = ServerConfig.fromEnvironment(Map.of("USERS_FILE", users.toString(),
        "ADMIN_USERNAME", "root", "ADMIN_PASSWORD_HASH", HASH));

    assertThat(config.accounts()).extracting(a -> a.username()).containsExactly("alice", "bob", "root");
    assertThat(config.accounts().get(1).roles()).isEmpty();
    assertThat(config.accounts().get(2).isAdmin()).isTrue();
  }

  @Test
  void usersFile_missing_isRefused() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("USERS_FILE", "/nonexistent/users")))
        .hasMessage("USERS_FILE must name a readable file of username:bcrypt-hash:role1,role2 lines, got "
            + "\"/nonexistent/users\" (NoSuchFileException)");
  }

  @Test
  void usersFile_badLine_isRefusedWithoutShowingTheHash() throws IOException {
    Path users = Files.writeString(dir.resolve("users"), "alice:" + HASH + ":user\nbob:s3cret:user\n");

    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("USERS_FILE", users.toString())))
        .hasMessage("USERS_FILE line 2 must be username:bcrypt-hash:role1,role2, got \"bob:<6 characters>:user\" "
            + "(password hash of \"bob\" must be a bcrypt hash like $2a$12$ followed by 53 characters (see the "
            + "hash-password command))");
  }

  @Test
  void usersFile_repeatedUsername_isRefused() throws IOException {
    Path users = Files.writeString(dir.resolve("users"), "alice:" + HASH + "\nalice:" + HASH + "\n");

    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("USERS_FILE", users.toString())))
        .hasMessage("USERS_FILE line 2 must not repeat a username, got \"alice\" again");
  }

  @Test
  void adminUsername_malformed_isRefused() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("ADMIN_USERNAME", "b o b",
        "ADMIN_PASSWORD_HASH", HASH)))
        .hasMessage("ADMIN_USERNAME must be 1 to 64 letters, digits, '.', '_', '@', '+' or '-', got \"b o b\"");
  }

  @Test
  void toString_listsEverySettingWithSecretsMasked() {
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_URL", "redis://:hunter2@cache.internal:6380/1");
    env.put("ADMIN_PASSWORD_HASH", HASH);
    env.put("API_RATE_LIMIT", "100/1s");

    String shown = ServerConfig.fromEnvironment(env).toString();

    assertThat(shown).contains("REDIS_URL=redis://:****@cache.internal:6380/1", "REDIS_TIMEOUT=250ms",
        "RATE_LIMIT_WINDOW=15m", "SESSION_ABSOLUTE_TIMEOUT=12h", "API_RATE_LIMIT=100/1s,100",
        "accounts=1 (admin; password hashes not shown)");
    assertThat(shown).doesNotContain("hunter2").doesNotContain(HASH);
  }

  @Test
  void help_listsEveryVariableWithItsDefault() {
    String help = Setting.help();

    for (Setting setting : Setting.values()) {
      assertThat(help).contains(setting.name());
    }
    assertThat(help).contains("RATE_LIMIT_WINDOW            default 15m", "PORT                         default 8000",
        "TRUSTED_PROXIES              default (none)");
    assertThat(List.of(Setting.values())).filteredOn(Setting::secret)
        .containsExactly(Setting.REDIS_SENTINEL_PASSWORD, Setting.LOGIN_DEVICE_KEY, Setting.ADMIN_PASSWORD_HASH,
            Setting.OIDC_CLIENT_SECRET, Setting.OIDC_TOKEN_KEYS);
  }

  @Test
  void usersFileWithoutAccounts_stopsStartUp_insteadOfMakingAFirstRunAdmin(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("users.txt"), "# nobody yet\n");

    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("USERS_FILE", empty.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("USERS_FILE must list at least one account (username:bcrypt-hash:role1,role2 per line), got a "
            + "file with none: " + empty);
  }

  /** A REDIS_URL that does not parse, in any of its parts, is named without its password. */
  @ParameterizedTest
  @ValueSource(strings = {"redis://:Pw-s3cret@cache:notaport", "redis:/user:Pw-s3cret@cache", "user:Pw-s3cret@cache",
      "redis://user:Pw-s3cret@ca che:6379", "redis://user:Pw-s3cret@cache:6379/notadb",
      "redis-sentinel://:Pw-s3cret@s1:x/0#m"})
  void redisUrlUnparseable_errorNeverShowsThePassword(String url) {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("REDIS_URL", url)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("REDIS_URL ")
        .hasNoCause()
        .message().doesNotContain("Pw-s3cret");
  }

  @Test
  void publicOrigin_andManagementPort_areRead() {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of("PUBLIC_ORIGIN", "https://gate.example, "
        + "http://localhost:8000", "MANAGEMENT_PORT", "0", "MANAGEMENT_HOST", "::1"));

    assertThat(config.sameOrigin().origins()).extracting(Object::toString)
        .containsExactlyInAnyOrder("https://gate.example", "http://localhost:8000");
    assertThat(config.managementPort()).isZero();
    assertThat(config.managementHost()).isEqualTo("::1");
    assertThat(ServerConfig.fromEnvironment(Map.of()).managementHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void sessionTouchInterval_isTheSessionsRefreshInterval() {
    assertThat(ServerConfig.fromEnvironment(Map.of("SESSION_TOUCH_INTERVAL", "1m")).sessions().touchInterval())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ServerConfig.fromEnvironment(Map.of("SESSION_TOUCH_INTERVAL", "0s")).sessions().touchInterval())
        .isZero();
  }
}
