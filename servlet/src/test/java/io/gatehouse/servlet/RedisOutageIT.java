package io.gatehouse.servlet;

import static io.gatehouse.servlet.ContainerClient.bearer;
import static io.gatehouse.servlet.ContainerClient.json;
import static io.gatehouse.servlet.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * redis-server is killed with SIGKILL while both containers serve traffic: they keep serving from memory, and once
 * it is restarted on the same port, what changed meanwhile is written back and seen by the other container.
 */
class RedisOutageIT {

  @RegisterExtension
  static final RedisServerExtension redis = RedisServerExtension.withAppendOnly();

  private static final Duration RECOVERY = Duration.ofSeconds(30);

  private final ScheduledExecutorService traffic = Executors.newScheduledThreadPool(2);
  private TestContainer containerA;
  private TestContainer containerB;

  @AfterEach
  void stop() throws InterruptedException {
    traffic.shutdownNow();
    traffic.awaitTermination(10, TimeUnit.SECONDS);
    containerA.close();
    containerB.close();
  }

  @Test
  void redisKilledMidTraffic_containersKeepServing_thenWriteBackWhatChanged(RedisServer server)
      throws InterruptedException {
    String prefix = TestGatehouses.uniquePrefix();
    containerA = TestContainer.start(TestGatehouses.onRedis(server.uri(), prefix).build());
    containerB = TestContainer.start(TestGatehouses.onRedis(server.uri(), prefix).build());
    ContainerClient a = new ContainerClient(containerA);
    ContainerClient b = new ContainerClient(containerB);
    String kept = a.token("alice", PASSWORD);
    String revokedDuring = b.token("bob", PASSWORD);
    for (ContainerClient container : List.of(a, b)) {
      // Validated before the outage: each container now holds both sessions in its near cache.
      assertThat(container.get("/auth/session", bearer(kept)).statusCode()).isEqualTo(200);
      assertThat(container.get("/auth/session", bearer(revokedDuring)).statusCode()).isEqualTo(200);
    }
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    AtomicInteger requests = new AtomicInteger();
    for (ContainerClient container : List.of(a, b)) {
      traffic.scheduleWithFixedDelay(() -> {
        String outcome;
        try {
          outcome = Integer.toString(container.get("/api/whoami", bearer(kept)).statusCode());
        } catch (RuntimeException e) {
          outcome = e.toString(); // no answer at all; kept, since a thrown exception would end the schedule
        }
        outcomes.computeIfAbsent(outcome, s -> new AtomicInteger()).incrementAndGet();
        requests.incrementAndGet();
      }, 0, 20, TimeUnit.MILLISECONDS);
    }
    await().atMost(RECOVERY).until(() -> requests.get() >= 10);

    server.kill();

    await().atMost(RECOVERY).until(() -> degraded(containerA) && degraded(containerB));
    String createdDuring = b.token("root", PASSWORD);
    assertThat(b.get("/auth/session", bearer(createdDuring)).statusCode()).isEqualTo(200);
    assertThat(a.post("/auth/logout", bearer(revokedDuring)).statusCode()).isEqualTo(200);
    assertThat(a.get("/auth/session", bearer(revokedDuring)).statusCode()).isEqualTo(401);
    // B cannot know of A's revocation while Redis is down; it answers from its memory, and counts the use.
    assertThat(b.get("/auth/session", bearer(revokedDuring)).statusCode()).isEqualTo(200);
    for (ContainerClient container : List.of(a, b)) {
      assertThat(container.get("/auth/session", bearer(kept)).statusCode()).isEqualTo(200);
    }
    int duringOutage = requests.get();
    await().atMost(RECOVERY).until(() -> requests.get() >= duringOutage + 10);

    server.restart();

    await().atMost(RECOVERY).pollInterval(Duration.ofMillis(100))
        .until(() -> writtenBack(containerA) && writtenBack(containerB));
    HttpResponse<String> onA = a.get("/auth/session", bearer(createdDuring));
    assertThat(onA.statusCode()).isEqualTo(200);
    assertThat(json(onA).get("subject").asText()).isEqualTo("root");
    assertThat(b.get("/auth/session", bearer(revokedDuring)).statusCode()).isEqualTo(401);
    assertThat(a.get("/auth/session", bearer(revokedDuring)).statusCode()).isEqualTo(401);
    assertThat(b.get("/auth/session", bearer(kept)).statusCode()).isEqualTo(200);
    stopTraffic();
    assertThat(outcomes).containsOnlyKeys("200");
  }

  /** Lets the requests in flight finish, so that none is interrupted and counted as a failure. */
  private void stopTraffic() throws InterruptedException {
    traffic.shutdown();
    assertThat(traffic.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
  }

  private static boolean degraded(TestContainer container) {
    return container.gatehouse().status().mode() == FailoverMode.DEGRADED;
  }

  private static boolean writtenBack(TestContainer container) {
    FailoverStatus status = container.gatehouse().status();
    return status.onPrimary() && status.pendingWriteBack() == 0;
  }
}
