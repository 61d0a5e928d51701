package io.gatehouse.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;

/**
 * The baseline: a "session" that is one string key, read with one {@code GET}. No store can validate with less
 * than this one round trip, so it is the physical limit the others are measured against.
 */
final class RawKeySessions implements SessionContender {

  /** About what Gatehouse keeps per session (subject, four times, one attribute), so the payloads are alike. */
  private static final String VALUE = "sub=user-0000;c=1763862000000;l=1763862000000;i=1800000;x=1763905200000;"
      + "a:role=user";

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;

  RawKeySessions(RedisClient client) {
    this.client = client;
    this.connection = client.connect();
    this.redis = connection.sync();
  }

  @Override
  public String create(String subject) {
    String key = "raw:s:" + UUID.randomUUID();
    redis.set(key, VALUE);
    return key;
  }

  @Override
  public Object validate(String presented) {
    return redis.get(presented);
  }

  @Override
  public Object revoke(String presented) {
    return redis.del(presented);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
