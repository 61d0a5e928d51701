package io.gatehouse.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Lettuce client for a {@link RedisConfig}'s topology, configured to fail fast rather than wait for
 * Redis (see {@link LettuceRedisApi}), and opens its one connection.
 */
final class LettuceClients {

  static final int REQUEST_QUEUE_SIZE = 65_536;
  /** How often a cluster client re-reads the topology even when nothing suggests it changed. */
  static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);
  /**
   * The longest wait between attempts to reconnect a dropped connection. Lettuce's default backs off to 30 s, so
   * after an outage of a few seconds a restarted Redis went unused for seconds more: every command, the failover
   * probe's {@code PING} included, is rejected until the connection is back. An attempt is one TCP connect.
   */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(100);

  private LettuceClients() {}

  static AbstractRedisClient create(RedisConfig config) {
    SocketOptions socket = SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(config.commandTimeout());
    SslOptions ssl = sslOptions(config);
    if (config.topology() == RedisConfig.Topology.CLUSTER) {
      RedisClusterClient client = RedisClusterClient.create(resources(), config.clusterUris());
      ClusterClientOptions.Builder options = ClusterClientOptions.builder();
      options.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
          .enablePeriodicRefresh(CLUSTER_REFRESH_PERIOD)
          .enableAllAdaptiveRefreshTriggers()
          .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
          .build());
      options
          .autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .replayFilter(command -> true)
          .requestQueueSize(REQUEST_QUEUE_SIZE)
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          .sslOptions(ssl);
      client.setOptions(options.build());
      return client;
    }
    RedisClient client = RedisClient.create(resources(), config.redisUri());
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .replayFilter(command -> true)
        .requestQueueSize(REQUEST_QUEUE_SIZE)
        .socketOptions(socket)
        .timeoutOptions(timeouts)
        .sslOptions(ssl)
        .build());
    return client;
  }

  /** The client's own resources (threads, timers), shut down with it: see {@link #shutdown}. */
  private static ClientResources resources() {
    return DefaultClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ZERO, MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
        .build();
  }

  /** Shuts the client down, and its resources, which Lettuce leaves running when they were handed to it. */
  static void shutdown(AbstractRedisClient client) {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    client.getResources().shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  static StatefulConnection<String, String> connect(AbstractRedisClient client) {
    if (client instanceof RedisClusterClient cluster) {
      return cluster.connect(StringCodec.UTF8);
    }
    return ((RedisClient) client).connect(StringCodec.UTF8);
  }

  private static SslOptions sslOptions(RedisConfig config) {
    SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
    if (config.tlsKeyManagers().isPresent() || config.tlsTrustManagers().isPresent()) {
      config.tlsKeyManagers().ifPresent(ssl::keyManager);
      config.tlsTrustManagers().ifPresent(ssl::trustManager);
      return ssl.build();
    }
    RedisTls tls = config.tls();
    if (tls.caFile() != null) {
      ssl.trustManager(tls.caFile().toFile());
    }
    if (tls.clientCertificate() != null) {
      ssl.keyManager(tls.clientCertificate().toFile(), tls.clientKey().toFile(), null);
    }
    return ssl.build();
  }
}
