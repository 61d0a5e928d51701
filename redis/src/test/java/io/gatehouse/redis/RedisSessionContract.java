package io.gatehouse.redis;

import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionStoreContract;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;

/**
 * The session contract against a Redis deployment (standalone, Sentinel, Cluster, TLS): subclasses say how to
 * connect and whose clock to read. Each store is a separate connection, as separate application servers have.
 */
abstract class RedisSessionContract extends SessionStoreContract {

  private final RedisConnections connections = new RedisConnections(this::redisConfig);

  /** How to reach the deployment. */
  protected abstract RedisConfig.Builder redisConfig();

  /** A server whose {@code TIME} is the deployment's clock. */
  protected abstract RedisServer clock();

  @Override
  protected SessionBackend newStore(SessionConfig config) {
    return connections.connect().sessionStore(config);
  }

  @Override
  protected SessionBackend peerOf(SessionBackend store, SessionConfig config) {
    return newStore(config);
  }

  @Override
  protected Instant now() {
    return Instant.ofEpochMilli(RedisTime.millis(clock()));
  }

  @Override
  protected void elapse(Duration duration) {
    RedisTime.elapse(clock(), duration);
  }

  @Override
  protected Duration unit() {
    return Duration.ofMillis(50);
  }

  @AfterEach
  void closeConnections() {
    connections.close();
  }
}
