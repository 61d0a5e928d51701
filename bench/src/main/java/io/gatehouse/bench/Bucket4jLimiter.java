package io.gatehouse.bench;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.gatehouse.ratelimit.RateLimit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The peer: Bucket4j's Lettuce proxy manager (compare-and-swap: read the bucket, compute locally, write it back
 * with a CAS script), with the same policy as Gatehouse's token bucket, used as its documentation shows:
 * {@code proxyManager.builder().build(key, configuration).tryConsume(1)} on each request.
 */
final class Bucket4jLimiter implements RateLimitContender {

  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final ProxyManager<String> buckets;
  private final Supplier<BucketConfiguration> configuration;

  Bucket4jLimiter(RedisClient client, RateLimit.TokenBucket policy) {
    this.client = client;
    this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
        .build();
    BucketConfiguration config = BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(policy.burst()).refillGreedy(policy.permits(), policy.period()))
        .build();
    this.configuration = () -> config;
  }

  @Override
  public Object tryAcquire(String key) {
    return buckets.builder().build("b4j:" + key, configuration).tryConsume(1);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
