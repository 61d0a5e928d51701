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
import java.time.Duration;

/**
 * Builds the Lettuce client for a {@link RedisConfig}'s topology, configured to fail fast rather than wait for
 * Redis (see {@link LettuceRedisApi}), and opens its one connection.
 */
final class LettuceClients {

  static final int REQUEST_QUEUE_SIZE = 65_536;
  /** How often a cluster client re-reads the topology even when nothing suggests it changed. */
  static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);

  private LettuceClients() {}

  static AbstractRedisClient create(RedisConfig config) {
    SocketOptions socket = SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(config.commandTimeout());
    SslOptions ssl = sslOptions(config);
    if (config.topology() == RedisConfig.Topology.CLUSTER) {
      RedisClusterClient client = RedisClusterClient.create(config.clusterUris());
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
    RedisClient client = RedisClient.create(config.redisUri());
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
