package io.gatehouse.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The connections one test opens to one Redis deployment, each as another application instance would have it,
 * all under a key prefix of the test's own; closed together after the test.
 */
final class RedisConnections implements AutoCloseable {

  private final Supplier<RedisConfig.Builder> config;
  private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final List<RedisStores> opened = new ArrayList<>();

  RedisConnections(Supplier<RedisConfig.Builder> config) {
    this.config = config;
  }

  /** The key prefix of this test's connections. */
  String prefix() {
    return prefix;
  }

  /** A new connection: a new application instance. */
  RedisStores connect() {
    RedisStores stores = RedisStores.create(config.get().keyPrefix(prefix).build());
    opened.add(stores);
    return stores;
  }

  @Override
  public void close() {
    opened.forEach(RedisStores::close);
    opened.clear();
  }
}
