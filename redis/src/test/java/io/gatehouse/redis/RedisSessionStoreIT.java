package io.gatehouse.redis;

import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The session contract against a real {@code redis-server}. Each test uses its own key prefix; each "instance"
 * has its own connection, as separate application servers would.
 */
class RedisSessionStoreIT extends SessionStoreContract {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final List<RedisStores> connections = new ArrayList<>();

  @Override
  protected SessionStore newStore(SessionConfig config) {
    return connect().sessionStore(config);
  }

  @Override
  protected SessionStore peerOf(SessionStore store, SessionConfig config) {
    return connect().sessionStore(config);
  }

  @Override
  protected Instant now() {
    return Instant.ofEpochMilli(RedisTime.millis(redis.server()));
  }

  @Override
  protected void elapse(Duration duration) {
    RedisTime.elapse(redis.server(), duration);
  }

  @Override
  protected Duration unit() {
    return Duration.ofMillis(50);
  }

  private RedisStores connect() {
    RedisStores stores = RedisStores.create(RedisConfig.builder().url(redis.server().uri()).keyPrefix(prefix).build());
    connections.add(stores);
    return stores;
  }

  @AfterEach
  void closeConnections() {
    connections.forEach(RedisStores::close);
  }
}
