package io.gatehouse.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Integration test of the multi-process topologies, TLS and passwords, against real {@code redis-server} processes.
 *
 * <p>Lettuce, the client under test elsewhere, appears here only to prove that what the harness hands out (the
 * sentinel URL, the cluster node list, the PEM files) is what Lettuce accepts.
 */
class RedisTopologyIT {

  private static final Duration FAILOVER_BOUND = Duration.ofSeconds(10);

  private static ClientResources resources;

  @BeforeAll
  static void createClientResources() {
    resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
  }

  @AfterAll
  static void shutdownClientResources() {
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  @Test
  void sentinel_reportsMaster_thenFailsOverToReplica_andLettuceFollows() {
    RedisSentinelOptions options = RedisSentinelOptions.builder()
        .dataPassword("data-secret")
        .sentinelPassword("sentinel-secret")
        .build();
    long startNanos = System.nanoTime();
    try (RedisSentinelTopology sentinel = RedisSentinelTopology.start("gatehouse", options)) {
      long started = millisSince(startNanos);
      RedisServer master = sentinel.master();
      RedisServer replica = sentinel.replica();
      assertThat(sentinel.currentMaster()).isEqualTo(new InetSocketAddress("127.0.0.1", master.port()));
      assertThat(sentinel.sentinels()).hasSize(3).allSatisfy(s -> assertThat(s.port()).isNotEqualTo(6379));
      assertThat(sentinel.sentinelUrl()).isEqualTo("redis-sentinel://:data-secret@127.0.0.1:%d,127.0.0.1:%d,"
          + "127.0.0.1:%d/0#gatehouse", sentinel.sentinels().get(0).port(), sentinel.sentinels().get(1).port(),
          sentinel.sentinels().get(2).port());

      // Lettuce sends the URI's password to the data nodes only: without the sentinel password set on each sentinel
      // URI, the sentinels refuse it.
      RedisURI uri = RedisURI.create(sentinel.sentinelUrl());
      RedisClient client = RedisClient.create(resources, uri);
      try {
        // Lettuce aggregates the sentinels' errors: NOAUTH usually, but a sentinel still starting up can answer
        // first with another refusal (seen once in CI), so only the refusal itself is certain.
        assertThatThrownBy(() -> client.connect(uri))
            .isInstanceOf(RedisConnectionException.class)
            .hasMessageStartingWith("Cannot connect to a Redis Sentinel");
        uri.getSentinels().forEach(node -> node.setAuthentication("sentinel-secret"));
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
          assertThat(connection.sync().set("survivor", "yes")).isEqualTo("OK");
        }
        assertThat(sentinel.awaitReplicaInSync(Duration.ofSeconds(5))).isSameAs(replica);
        assertThatThrownBy(() -> sentinel.awaitFailover(Duration.ofMillis(100)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("timed out after 100 ms waiting for the sentinels to fail over from master"
                + " 127.0.0.1:%d; last: sentinel %d still reports master 127.0.0.1:%1$d", master.port(),
                sentinel.sentinels().get(0).port());

        assertThat(sentinel.killMaster()).isSameAs(master);
        long killNanos = System.nanoTime();
        InetSocketAddress promoted = sentinel.awaitFailover(FAILOVER_BOUND);
        long failover = millisSince(killNanos);

        assertThat(promoted).isEqualTo(new InetSocketAddress("127.0.0.1", replica.port()));
        assertThat(replica.info("replication")).containsEntry("role", "master");
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
          assertThat(connection.sync().configGet("port")).containsEntry("port", String.valueOf(replica.port()));
          assertThat(connection.sync().get("survivor")).isEqualTo("yes");
        }
        report("sentinel (master, replica, 3 sentinels) up in %d ms, failed over in %d ms", started, failover);
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }

  @Test
  void cluster_formsInSeconds_thenPromotesReplicaOfKilledMaster() {
    long startNanos = System.nanoTime();
    try (RedisClusterTopology cluster = RedisClusterTopology.start()) {
      long started = millisSince(startNanos);
      assertThat(cluster.masters()).hasSize(3);
      assertThat(cluster.replicas()).hasSize(3);
      assertThat(cluster.nodes().split(",")).hasSize(6).allMatch(node -> node.startsWith("127.0.0.1:"));
      for (RedisServer node : cluster.masters()) {
        assertThat(RespClient.infoFields(node.command("CLUSTER", "INFO")))
            .containsEntry("cluster_state", "ok")
            .containsEntry("cluster_slots_ok", "16384")
            .containsEntry("cluster_known_nodes", "6");
      }
      assertThat(cluster.masterFor(0)).isSameAs(cluster.masters().get(0));
      assertThat(cluster.masterFor(16383)).isSameAs(cluster.masters().get(2));
      // The hash tag "{user:1}" puts the key in slot CRC16("user:1") mod 16384 = 10778, served by master 1
      assertThat(cluster.masterForKey("{user:1}:sessions")).isSameAs(cluster.masters().get(1));

      List<RedisURI> seeds = Arrays.stream(cluster.nodes().split(",")).map(node -> RedisURI.create("redis://" + node))
          .toList();
      RedisClusterClient client = RedisClusterClient.create(resources, seeds);
      try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
        for (String key : List.of("a", "b", "c", "{user:1}:sessions")) {
          connection.sync().set(key, key);
          assertThat(cluster.masterForKey(key).command("GET", key)).isEqualTo(key);
        }
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }

      assertThatThrownBy(() -> cluster.awaitFailover(cluster.masters().get(0), Duration.ofMillis(100)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("timed out after 100 ms waiting for a replica of %s to serve slots 0-5460; last: %d"
              + " sees slot 0 served by %d", cluster.masters().get(0), cluster.masters().get(1).port(),
              cluster.masters().get(0).port());
      // "b" is in slot 3300, served by master 0; WAIT makes sure its replica has it before the kill.
      assertThat(cluster.masters().get(0).command("WAIT", "1", "2000")).isEqualTo(1L);
      RedisServer killed = cluster.killMaster(0);
      long killNanos = System.nanoTime();
      RedisServer promoted = cluster.awaitFailover(killed, FAILOVER_BOUND);
      long failover = millisSince(killNanos);

      assertThat(promoted).isSameAs(cluster.replicasOf(killed).get(0));
      assertThat(cluster.masterFor(0)).isSameAs(promoted);
      assertThat(promoted.command("GET", "b")).isEqualTo("b");
      report("cluster (3 masters, 3 replicas) up in %d ms, failed over in %d ms", started, failover);
    }
  }

  @Test
  void tls_serverAcceptsTheRightCa_refusesTheWrongCa() throws Exception {
    RedisBinary.find().assumeTls();
    try (TlsCertificates certificates = TlsCertificates.generate();
        RedisServer server = RedisServer.create(RedisServerOptions.builder().tls(certificates, true).build())) {
      server.start();

      assertThat(server.uri()).isEqualTo("rediss://127.0.0.1:" + server.port());
      assertThat(server.command("PING")).isEqualTo("PONG");
      assertThat(server.command("CONFIG", "GET", "port")).isEqualTo(List.of("port", "0"));
      assertThatThrownBy(() -> RespClient.of("127.0.0.1", server.port()).call(Duration.ofSeconds(2), "PING"))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> RespClient.of("127.0.0.1", server.port())
          .withTls(certificates.wrongCaSslContext().getSocketFactory())
          .call(Duration.ofSeconds(2), "PING"))
          .isInstanceOf(SSLException.class)
          .hasMessageContaining("PKIX path building failed");

      assertThat(lettucePing(server, SslOptions.builder()
          .trustManager(certificates.caCertificate().toFile())
          .keyManager(certificates.clientCertificate().toFile(), certificates.clientKey().toFile(), null)))
          .isEqualTo("PONG");
      assertThatThrownBy(() -> lettucePing(server, SslOptions.builder()
          .trustManager(certificates.wrongCaCertificate().toFile())
          .keyManager(certificates.clientCertificate().toFile(), certificates.clientKey().toFile(), null)))
          .isInstanceOf(RedisConnectionException.class)
          .hasStackTraceContaining("PKIX path building failed");
      assertThatThrownBy(() -> lettucePing(server, SslOptions.builder()
          .trustManager(certificates.caCertificate().toFile())))
          .isInstanceOf(RedisConnectionException.class);
    }
  }

  @Test
  void password_harnessAuthenticates_andAclUsersAreChecked() throws Exception {
    RedisServerOptions options = RedisServerOptions.builder().password("harness-secret").build();
    assertThat(options.toString()).contains("password=****").doesNotContain("harness-secret");
    assertThat(RedisServerOptions.builder().args("--masterauth", "m-secret", "--sentinel", "auth-pass", "gatehouse",
        "a-secret", "--sentinel", "sentinel-pass", "s-secret").build().toString())
        .contains("args=[--masterauth, ****, --sentinel, auth-pass, gatehouse, ****, --sentinel, sentinel-pass, ****]");
    try (RedisServer server = RedisServer.create(options).start()) {
      assertThat(server.command("PING")).isEqualTo("PONG");
      assertThat(server.uri()).isEqualTo("redis://:harness-secret@127.0.0.1:" + server.port());
      assertThatThrownBy(() -> RespClient.of("127.0.0.1", server.port()).call(Duration.ofSeconds(2), "GET", "k"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("NOAUTH Authentication required.");

      server.command("ACL", "SETUSER", "gatehouse", "on", ">app-secret", "~gh:*", "+get", "+set", "+ping");
      assertThat(server.commandAs("gatehouse", "app-secret", "SET", "gh:1", "x")).isEqualTo("OK");
      assertThatThrownBy(() -> server.commandAs("gatehouse", "app-secret", "FLUSHALL"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("NOPERM");
      assertThatThrownBy(() -> server.commandAs("gatehouse", "wrong-secret", "PING"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");

      server.kill();
      server.restart();
      assertThat(server.command("GET", "gh:1")).isNull();
    }
  }

  private static String lettucePing(RedisServer server, SslOptions.Builder ssl) {
    RedisClient client = RedisClient.create(resources, RedisURI.create(server.uri()));
    client.setOptions(ClientOptions.builder().sslOptions(ssl.build()).build());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().ping();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void report(String format, Object... args) {
    System.out.printf("[gatehouse-test] " + format + "%n", args);
  }
}
