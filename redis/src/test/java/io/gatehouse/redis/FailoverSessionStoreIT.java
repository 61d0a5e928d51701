package io.gatehouse.redis;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session contract through the failover decorator over a real redis-server, in PRIMARY mode. */
class FailoverSessionStoreIT extends SessionStoreContract {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final List<AutoCloseable> opened = new ArrayList<>();

  @Override
  protected SessionBackend newStore(SessionConfig config) {
    RedisStores stores = RedisStores.create(RedisConfig.builder().url(redis.server().uri()).keyPrefix(prefix).build());
    Failover failover = Failover.create(stores::ping, FailoverConfig.builder().deadline(Duration.ofSeconds(2)).build());
    opened.add(failover);
    opened.add(stores);
    return (SessionBackend) failover.sessionStore(stores.sessionStore(config), config);
  }

  @Override
  protected SessionBackend peerOf(SessionBackend store, SessionConfig config) {
    return newStore(config);
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

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }
}
