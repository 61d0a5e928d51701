package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.redis.NearCacheIT.Percentiles;
import io.gatehouse.redis.testing.RedisClusterTopology;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session near cache on a Redis Cluster of three masters with a replica each: a classic {@code PUBLISH} from a
 * script on any master reaches the one subscription each instance holds (to whichever node), over the cluster bus.
 */
class NearCacheClusterIT {

  static RedisClusterTopology topology;

  private final String prefix = "ncc-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final List<NearCacheInstance> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    topology = RedisClusterTopology.start();
  }

  @AfterAll
  static void stop() {
    topology.close();
  }

  @AfterEach
  void closeAll() {
    opened.forEach(NearCacheInstance::close);
  }

  private NearCacheInstance instance(SessionConfig sessions) {
    NearCacheInstance instance = new NearCacheInstance(
        RedisConfig.builder().clusterNodes(topology.nodes()).keyPrefix(prefix), sessions);
    opened.add(instance);
    await().atMost(Duration.ofSeconds(10)).until(instance.channel::isConnected);
    return instance;
  }

  @Test
  void revokeOnA_onEveryMaster_isRefusedByB() {
    NearCacheInstance a = instance(SessionConfig.create());
    NearCacheInstance b = instance(SessionConfig.create());
    List<SessionToken> tokens = new ArrayList<>();
    Set<Integer> masters = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      SessionToken token = a.sessions().create("user-" + i, Map.of()).token();
      assertThat(b.sessions().validate(token)).isPresent();
      tokens.add(token);
      masters.add(topology.masters().indexOf(topology.masterForKey("{" + token.sessionId().subjectTag() + "}")));
    }
    assertThat(masters).hasSize(3);

    long[] micros = new long[tokens.size()];
    for (int i = 0; i < tokens.size(); i++) {
      SessionId id = tokens.get(i).sessionId();
      long start = System.nanoTime();
      a.sessions().revoke(id);
      await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5)).until(() -> b.revokedAt.containsKey(id));
      micros[i] = TimeUnit.NANOSECONDS.toMicros(b.revokedAt.get(id) - start);
      assertThat(b.sessions().validate(tokens.get(i))).isEmpty();
    }
    Percentiles figures = Percentiles.of(micros);
    System.out.printf("[near-cache] revoke on A -> message on B, cluster, %d revocations: %s%n", micros.length,
        figures);
    assertThat(figures.p99()).isLessThan(Duration.ofMillis(500));
  }

  @Test
  void revokeAllAndCapEvictionOnA_areRefusedByB() {
    SessionConfig capped = SessionConfig.builder().maxSessionsPerSubject(2).build();
    NearCacheInstance a = instance(capped);
    NearCacheInstance b = instance(capped);
    SessionToken alice = a.sessions().create("alice", Map.of()).token();
    SessionToken oldest = a.sessions().create("bob", Map.of()).token();
    SessionToken second = a.sessions().create("bob", Map.of()).token();
    List.of(alice, oldest, second).forEach(token -> assertThat(b.sessions().validate(token)).isPresent());

    a.sessions().revokeAll("alice");
    a.sessions().create("bob", Map.of());
    await().atMost(Duration.ofSeconds(5)).until(() -> b.subjectRevokedAt.containsKey("alice")
        && b.revokedAt.containsKey(oldest.sessionId()));

    assertThat(b.sessions().validate(alice)).isEmpty();
    assertThat(b.sessions().validate(oldest)).isEmpty();
    assertThat(b.sessions().validate(second)).isPresent();
  }

  @Test
  void pubSubKilled_BResetsAndSubscribesAgain() {
    NearCacheInstance a = instance(SessionConfig.create());
    NearCacheInstance b = instance(SessionConfig.create());
    int resetsBefore = b.resets.get();

    List<RedisServer> nodes = new ArrayList<>(topology.masters());
    nodes.addAll(topology.replicas());
    nodes.forEach(node -> node.command("CLIENT", "KILL", "TYPE", "pubsub"));

    await().atMost(Duration.ofSeconds(5)).until(() -> b.resets.get() > resetsBefore);
    await().atMost(Duration.ofSeconds(30)).until(() -> b.channel.isConnected() && a.channel.isConnected());
    SessionToken token = a.sessions().create("alice", Map.of()).token();
    assertThat(b.sessions().validate(token)).isPresent();
    a.sessions().revoke(token);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.revokedAt.containsKey(token.sessionId()));
    assertThat(b.sessions().validate(token)).isEmpty();
  }
}
