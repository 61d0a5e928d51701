package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.spi.StoreUnavailableException;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.redis.testing.RedisServerOptions;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionStore;
import io.lettuce.core.RedisCommandExecutionException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only the Redis stores have: their keys, their outage behaviour, and defects that must not be hidden. */
class RedisStoresIT {

  @RegisterExtension
  static final RedisServerExtension redis = RedisServerExtension.withAppendOnly();

  private final List<RedisStores> connections = new ArrayList<>();

  private RedisStores connect(String url, String prefix) {
    RedisStores stores = RedisStores.create(RedisConfig.builder().url(url).keyPrefix(prefix)
        .commandTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(500)).build());
    connections.add(stores);
    return stores;
  }

  @AfterEach
  void closeConnections() {
    connections.forEach(RedisStores::close);
  }

  @Test
  void keys_areAllPrefixed_haveTtls_andHoldNoToken() {
    redis.flushAll();
    RedisStores stores = connect(redis.server().uri(), "gatehouse:");
    SessionStore sessions = stores.sessionStore(SessionConfig.create());
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      CreatedSession created = sessions.create("user-" + (i % 5), Map.of("n", Integer.toString(i)));
      secrets.add(created.token().value());
      secrets.add(created.token().value().substring(SessionId.TAG_LENGTH));
      sessions.validate(created.token());
    }
    sessions.revokeAll("user-4");
    stores.rateLimiter("login", RateLimit.slidingWindow(5, Duration.ofMinutes(15))).tryAcquire("10.0.0.1");
    stores.rateLimiter("api", RateLimit.tokenBucket(1, Duration.ofHours(1), 10)).tryAcquire("client-1");

    RedisServer server = redis.server();
    List<?> keys = (List<?>) server.command("KEYS", "*");
    assertThat(keys).hasSizeGreaterThan(20);
    for (Object key : keys) {
      String name = (String) key;
      assertThat(name).startsWith("gatehouse:");
      assertThat((Long) server.command("PTTL", name)).as("TTL of %s", name).isPositive();
      String contents = String.valueOf(dump(server, name));
      for (String secret : secrets) {
        assertThat(name).doesNotContain(secret);
        assertThat(contents).as("contents of %s", name).doesNotContain(secret);
      }
    }
  }

  private static Object dump(RedisServer server, String key) {
    return switch ((String) server.command("TYPE", key)) {
      case "hash" -> server.command("HGETALL", key);
      case "zset" -> server.command("ZRANGE", key, "0", "-1", "WITHSCORES");
      case "string" -> server.command("GET", key);
      default -> throw new AssertionError("unexpected key type for " + key);
    };
  }

  @Test
  void outage_isStoreUnavailable_fast_andRecoversByItself() {
    RedisServer server = redis.newServer(RedisServerOptions.builder().appendOnly(true).build());
    RedisStores stores = connect(server.uri(), "gatehouse:");
    SessionStore sessions = stores.sessionStore(SessionConfig.create());
    RateLimiter limiter = stores.rateLimiter("login", RateLimit.slidingWindow(5, Duration.ofMinutes(15)));
    CreatedSession created = sessions.create("alice", Map.of());
    limiter.tryAcquire("10.0.0.1");

    server.kill();
    long start = System.nanoTime();
    assertThatThrownBy(() -> sessions.validate(created.token())).isInstanceOf(StoreUnavailableException.class)
        .hasMessageStartingWith("Redis at " + server.uri() + " unavailable: ");
    assertThatThrownBy(() -> limiter.tryAcquire("10.0.0.1")).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(stores::ping).isInstanceOf(StoreUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

    assertThat(sessions.validate("not a token")).as("malformed input needs no Redis").isEmpty();
    assertThat(sessions.validate("x".repeat(300))).isEmpty();
    assertThat(sessions.validate((String) null)).isEmpty();

    server.restart();
    await().atMost(Duration.ofSeconds(15)).ignoreExceptionsInstanceOf(StoreUnavailableException.class)
        .until(() -> sessions.validate(created.token()).isPresent());
    assertThat(limiter.tryAcquire("10.0.0.1").remaining()).as("the AOF kept the first attempt").isEqualTo(3);
  }

  @Test
  void startsWithoutRedis_andConnectsWhenItAppears() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RedisStores stores = connect("redis://127.0.0.1:" + port, "gatehouse:");
    assertThatThrownBy(stores::ping).isInstanceOf(StoreUnavailableException.class);

    RedisServer server = redis.newServer(RedisServerOptions.builder().port(port).build());
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(StoreUnavailableException.class)
        .until(() -> stores.ping().compareTo(Duration.ZERO) > 0);
    assertThat(server.isRunning()).isTrue();
  }

  @Test
  void frozenRedis_timesOutWithinTheCommandTimeout() {
    RedisServer server = redis.newServer();
    RedisStores stores = connect(server.uri(), "gatehouse:");
    SessionStore sessions = stores.sessionStore(SessionConfig.create());
    CreatedSession created = sessions.create("alice", Map.of());

    server.pause();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> sessions.validate(created.token())).isInstanceOf(StoreUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300 + 700));
    } finally {
      server.resume();
    }
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(StoreUnavailableException.class)
        .until(() -> sessions.validate(created.token()).isPresent());
  }

  @Test
  void scriptsReload_afterScriptFlush() {
    RedisStores stores = connect(redis.server().uri(), "noscript:");
    SessionStore sessions = stores.sessionStore(SessionConfig.create());
    CreatedSession created = sessions.create("alice", Map.of());
    redis.server().command("SCRIPT", "FLUSH");
    assertThat(sessions.validate(created.token())).isPresent();
    RateLimiter limiter = stores.rateLimiter("login", RateLimit.slidingWindow(1, Duration.ofMinutes(1)));
    redis.server().command("SCRIPT", "FLUSH");
    assertThat(limiter.tryAcquire("k").allowed()).isTrue();
    assertThat(limiter.tryAcquire("k").allowed()).as("counted once, not twice").isFalse();
  }

  @Test
  void wrongType_isADefect_notAnOutage() {
    RedisStores stores = connect(redis.server().uri(), "defect:");
    redis.server().command("SET", "defect:rl:login:k", "not a sorted set");
    RateLimiter limiter = stores.rateLimiter("login", RateLimit.slidingWindow(5, Duration.ofMinutes(1)));
    assertThatThrownBy(() -> limiter.tryAcquire("k"))
        .isInstanceOf(RedisCommandExecutionException.class)
        .isNotInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("WRONGTYPE");
  }

  @Test
  void limiterNames_areChecked() {
    RedisStores stores = connect(redis.server().uri(), "names:");
    assertThatThrownBy(() -> stores.rateLimiter("bad name", RateLimit.slidingWindow(1, Duration.ofMinutes(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limiter name must be 1 to 64 letters, digits, '_', '.' or '-', got \"bad name\"");
  }
}
