package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.failover.FailoverMode;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisClusterTopology;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gatehouse on a Redis Cluster of three masters with a replica each: the contract suites (every script on one
 * slot: no CROSSSLOT), then a master killed under traffic.
 */
@TestClassOrder(org.junit.jupiter.api.ClassOrderer.OrderAnnotation.class)
class ClusterIT {

  static RedisClusterTopology topology;

  @BeforeAll
  static void start() {
    topology = RedisClusterTopology.start();
  }

  @AfterAll
  static void stop() {
    topology.close();
  }

  @Nested
  @Order(1)
  class Sessions extends RedisSessionContract {
    @Override
    protected RedisConfig.Builder redisConfig() {
      return RedisConfig.builder().clusterNodes(topology.nodes());
    }

    @Override
    protected RedisServer clock() {
      return topology.masters().get(1);
    }
  }

  @Nested
  @Order(2)
  class RateLimits extends RedisRateLimiterContract {
    @Override
    protected RedisConfig.Builder redisConfig() {
      return RedisConfig.builder().clusterNodes(topology.nodes());
    }

    @Override
    protected RedisServer clock() {
      return topology.masters().get(1);
    }
  }

  @Nested
  @Order(3)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class MasterFailover {
    @Test
    @Order(1)
    void keysSpreadOverEveryMaster() {
      try (RedisStores stores = RedisStores.create(RedisConfig.builder().clusterNodes(topology.nodes()).build())) {
        SessionStore sessions = stores.sessionStore(SessionConfig.create());
        for (int i = 0; i < 60; i++) {
          sessions.create("user-" + i, java.util.Map.of());
        }
        for (var master : topology.masters()) {
          assertThat((Long) master.command("DBSIZE")).as("keys on %s", master).isPositive();
        }
      }
    }

    @Test
    @Order(2)
    void masterKilledUnderTraffic_itsReplicaTakesOver_andTrafficRecoversWithoutErrors() throws Exception {
      try (AppInstance a = AppInstance.cluster(topology.nodes())) {
        TopologyTraffic traffic = new TopologyTraffic(a);
        await().until(() -> traffic.calls.get() > 300);

        long killed = System.nanoTime();
        var dead = topology.killMaster(0);
        topology.awaitFailover(dead, Duration.ofSeconds(30));
        long promoted = System.nanoTime();
        long callsAtPromotion = traffic.calls.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.failover.mode() == FailoverMode.PRIMARY
            && a.failover.status().pendingWriteBack() == 0 && traffic.calls.get() > callsAtPromotion + 300);
        long recovered = System.nanoTime();
        traffic.close();
        System.out.printf("[cluster] replica promoted %d ms after its master was killed; Gatehouse back on the "
            + "cluster %d ms later (%d failovers to memory)%n", TimeUnit.NANOSECONDS.toMillis(promoted - killed),
            TimeUnit.NANOSECONDS.toMillis(recovered - promoted), a.failover.status().failovers());

        assertThat(traffic.errors).as("exceptions that reached callers").isEmpty();
        try (AppInstance b = AppInstance.cluster(topology.nodes())) {
          for (SessionToken token : traffic.revoked) {
            assertThat(b.sessions.validate(token)).as("revoked %s", token.sessionId()).isEmpty();
          }
        }
      }
    }
  }
}
