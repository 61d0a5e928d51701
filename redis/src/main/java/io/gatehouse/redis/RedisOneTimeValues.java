package io.gatehouse.redis;

import io.gatehouse.onetime.OneTimeValues;
import java.time.Duration;
import java.util.Optional;

/**
 * One-time values in Redis, one string key each under {@code <prefix>ot:<key>}, expiring by Redis's own TTL:
 * {@code SET PX} to write, {@code SET NX PX} to write if absent, {@code GETDEL} (Redis 6.2+) to take, so that of
 * several instances taking the same key exactly one gets the value. Every operation is one key, so it works
 * unchanged on a Cluster.
 */
final class RedisOneTimeValues implements OneTimeValues {

  private final RedisApi redis;
  private final String prefix;

  RedisOneTimeValues(RedisApi redis, String keyPrefix) {
    this.redis = redis;
    this.prefix = keyPrefix + "ot:";
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    OneTimeValues.checkValue(value, ttl);
    redis.set(prefix + OneTimeValues.checkKey(key), value, ttl, false);
  }

  @Override
  public boolean putIfAbsent(String key, String value, Duration ttl) {
    OneTimeValues.checkValue(value, ttl);
    return redis.set(prefix + OneTimeValues.checkKey(key), value, ttl, true);
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(redis.get(prefix + OneTimeValues.checkKey(key)));
  }

  @Override
  public Optional<String> take(String key) {
    return Optional.ofNullable(redis.getdel(prefix + OneTimeValues.checkKey(key)));
  }

  @Override
  public String toString() {
    return "RedisOneTimeValues{" + prefix + "}";
  }
}
