package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.failover.FailoverMode;
import io.gatehouse.redis.testing.RedisSentinelTopology;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The session near cache on a Sentinel-managed master: revocations reach the other instance, and after the master
 * is killed and a replica promoted, the subscription follows it to the new master.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NearCacheSentinelIT {

  static RedisSentinelTopology topology;

  private final String prefix = "ncs-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final List<NearCacheInstance> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    topology = RedisSentinelTopology.start("nearcache");
  }

  @AfterAll
  static void stop() {
    topology.close();
  }

  @AfterEach
  void closeAll() {
    opened.forEach(NearCacheInstance::close);
  }

  private NearCacheInstance instance() {
    NearCacheInstance instance = new NearCacheInstance(
        RedisConfig.builder().url(topology.sentinelUrl()).keyPrefix(prefix), SessionConfig.create());
    opened.add(instance);
    await().atMost(Duration.ofSeconds(10)).until(instance.channel::isConnected);
    return instance;
  }

  private static void assertRevocationReachesB(NearCacheInstance a, NearCacheInstance b, String subject) {
    SessionToken token = a.sessions().create(subject, Map.of()).token();
    assertThat(b.sessions().validate(token)).isPresent();
    a.sessions().revoke(token);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.revokedAt.containsKey(token.sessionId()));
    assertThat(b.sessions().validate(token)).isEmpty();
  }

  @Test
  @Order(1)
  void revokeOnA_isRefusedByB() {
    assertRevocationReachesB(instance(), instance(), "alice");
  }

  @Test
  @Order(2)
  void masterKilled_theSubscriptionFollowsThePromotedReplica() {
    NearCacheInstance a = instance();
    NearCacheInstance b = instance();
    int resetsBefore = b.resets.get();

    long killed = System.nanoTime();
    topology.killMaster();
    topology.awaitFailover(Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(60)).until(() -> b.resets.get() > resetsBefore && b.channel.isConnected()
        && a.channel.isConnected() && a.gatehouse.status().mode() == FailoverMode.PRIMARY
        && b.gatehouse.status().mode() == FailoverMode.PRIMARY);
    System.out.printf("[near-cache] sentinel: subscribed on the promoted master %d ms after the kill%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));

    assertRevocationReachesB(a, b, "bob");
  }
}
