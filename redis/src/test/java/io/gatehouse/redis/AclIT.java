package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.spi.StoreUnavailableException;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitBackend;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Gatehouse as a Redis ACL user that may run only the commands it needs, on its own keys. */
class AclIT {

  /** The ACL rule the README recommends, minus the user name and password. */
  static final List<String> GATEHOUSE_ACL = List.of("resetkeys", "~gatehouse:*", "resetchannels",
      "&gatehouse:invalidations", "-@all", "+hello", "+auth", "+ping", "+evalsha", "+eval", "+del", "+wait", "+time",
      "+hgetall", "+hset", "+hget", "+hmget", "+pexpire", "+pttl", "+exists", "+get", "+set", "+zadd", "+zrem",
      "+zrange", "+zrangebyscore", "+zrevrangebyscore", "+zremrangebyscore", "+zcard", "+zcount", "+publish",
      "+subscribe");
  /** The rule the README recommended before the near cache: no channels. */
  static final List<String> WITHOUT_CHANNELS = GATEHOUSE_ACL.stream()
      .filter(rule -> !rule.startsWith("&") && !rule.equals("+publish") && !rule.equals("+subscribe")).toList();

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final List<RedisStores> opened = new ArrayList<>();

  @BeforeAll
  static void createUser() {
    List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", "gatehouse", "on", ">s3cret-Pa55"));
    command.addAll(GATEHOUSE_ACL);
    redis.server().command(command.toArray(String[]::new));
    List<String> older = new ArrayList<>(List.of("ACL", "SETUSER", "older", "on", ">s3cret-Pa55"));
    older.addAll(WITHOUT_CHANNELS);
    redis.server().command(older.toArray(String[]::new));
  }

  private RedisStores connect(String userInfo) {
    RedisStores stores = RedisStores.create(RedisConfig.builder()
        .url("redis://" + userInfo + "@127.0.0.1:" + redis.server().port()).build());
    opened.add(stores);
    return stores;
  }

  @AfterEach
  void close() {
    opened.forEach(RedisStores::close);
  }

  @Test
  void leastPrivilegeUser_canDoEverything() {
    RedisStores stores = connect("gatehouse:s3cret-Pa55");
    SessionBackend sessions = stores.sessionStore(SessionConfig.builder().maxSessionsPerSubject(2).build());
    CreatedSession created = sessions.create("alice", Map.of("role", "admin"));
    sessions.create("alice", Map.of());
    sessions.create("alice", Map.of());
    assertThat(sessions.validate(created.token())).as("evicted by the cap").isEmpty();
    assertThat(sessions.list("alice")).hasSize(2);
    assertThat(sessions.touch(sessions.list("alice").get(0).id(), Instant.now())).isTrue();
    assertThat(sessions.revokeAll("alice")).isEqualTo(2);
    assertThat(sessions.restore(created.session())).as("older than the revoke-all").isFalse();

    for (RateLimit limit : List.of(RateLimit.slidingWindow(2, Duration.ofMinutes(1)),
        RateLimit.tokenBucket(1, Duration.ofMinutes(1), 2))) {
      RateLimitBackend limiter = stores.rateLimiter("acl-" + limit.getClass().getSimpleName(), limit);
      assertThat(limiter.tryAcquire("k").allowed()).isTrue();
      assertThat(limiter.peek("k").remaining()).isEqualTo(1);
      limiter.record("k", List.of(Instant.now()));
      assertThat(limiter.tryAcquire("k").allowed()).isFalse();
      limiter.reset("k");
    }
    redis.server().command("SCRIPT", "FLUSH");
    assertThat(sessions.list("alice")).as("scripts reloaded with EVAL").isEmpty();
    assertThat(stores.ping()).isPositive();
  }

  @Test
  void leastPrivilegeUser_subscribesToInvalidations() {
    RedisStores stores = connect("gatehouse:s3cret-Pa55");

    await().atMost(Duration.ofSeconds(10)).until(() -> stores.invalidations().orElseThrow().isConnected());
  }

  @Test
  void userWithoutTheChannel_stillRevokes_andItsNearCacheStaysUnused() {
    RedisStores stores = connect("older:s3cret-Pa55");
    SessionBackend sessions = stores.sessionStore(SessionConfig.builder().maxSessionsPerSubject(1).build());
    CreatedSession first = sessions.create("bob", Map.of());
    CreatedSession second = sessions.create("bob", Map.of());

    assertThat(sessions.validate(first.token())).as("evicted by the cap").isEmpty();
    assertThat(sessions.revoke(second.token())).isTrue();
    assertThat(sessions.create("bob", Map.of()).session().subject()).isEqualTo("bob");
    assertThat(sessions.revokeAll("bob")).isEqualTo(1);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> !stores.invalidations().orElseThrow().isConnected());
  }

  @Test
  void wrongPassword_isRefused_withoutPrintingIt() {
    RedisStores stores = connect("gatehouse:not-the-Pa55word");
    assertThatThrownBy(stores::ping).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("WRONGPASS")
        .hasMessageNotContaining("not-the-Pa55word");
    assertThat(stores.toString()).doesNotContain("not-the-Pa55word");
  }
}
