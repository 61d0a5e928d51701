package io.gatehouse.redis;

import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session contract against a real standalone {@code redis-server}. */
class RedisSessionStoreIT extends RedisSessionContract {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @Override
  protected RedisConfig.Builder redisConfig() {
    return RedisConfig.builder().url(redis.server().uri());
  }

  @Override
  protected RedisServer clock() {
    return redis.server();
  }
}
