package io.gatehouse.redis;

import io.gatehouse.internal.Arguments;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimitBackend;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rate limiter in Redis: each decision is one atomic Lua script on the Redis server's clock, so any number of
 * instances share each key's count exactly, and disagree on nothing if their own clocks drift.
 *
 * <p>One key per limited value, {@code <prefix>rl:<limiter name>:<key>}, a sorted set of event times (sliding
 * window) or a theoretical arrival time (token bucket), always with a TTL that ends when the key no longer limits
 * anything, so no key outlives its use.
 */
final class RedisRateLimiter implements RateLimitBackend {

  private static final LuaScript SLIDING_WINDOW = LuaScript.load("sliding-window");
  private static final LuaScript TOKEN_BUCKET = LuaScript.load("token-bucket");
  private static final LuaScript SLIDING_WINDOW_RECORD = LuaScript.load("sliding-window-record");
  private static final LuaScript TOKEN_BUCKET_RECORD = LuaScript.load("token-bucket-record");
  private static final LuaScript SLIDING_WINDOW_RELEASE = LuaScript.load("sliding-window-release");
  private static final LuaScript TOKEN_BUCKET_RELEASE = LuaScript.load("token-bucket-release");

  private final RedisApi redis;
  private final RateLimit limit;
  private final String keyPrefix;
  private final String nonce;
  private final AtomicLong sequence = new AtomicLong();

  RedisRateLimiter(RedisApi redis, RateLimit limit, String keyPrefix) {
    this.redis = redis;
    this.limit = limit;
    this.keyPrefix = keyPrefix;
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    this.nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  @Override
  public RateLimit limit() {
    return limit;
  }

  @Override
  public RateLimitDecision tryAcquire(String key, int permits) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    limit.checkPermits(permits);
    return decide(key, permits);
  }

  @Override
  public RateLimitDecision peek(String key) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    return decide(key, 0);
  }

  /** One script, on the key alone: atomic with every other instance's takes and give-backs of that key. */
  @Override
  public void release(String key, int permits) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    limit.checkPermits(permits);
    String[] keys = {keyPrefix + key};
    if (limit instanceof RateLimit.SlidingWindow window) {
      SLIDING_WINDOW_RELEASE.runForInteger(redis, keys, Long.toString(window.window().toNanos() / 1000),
          Integer.toString(permits));
    } else {
      TOKEN_BUCKET_RELEASE.runForInteger(redis, keys,
          Double.toString(((RateLimit.TokenBucket) limit).intervalMicros()), Integer.toString(permits));
    }
  }

  @Override
  public void reset(String key) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    redis.del(keyPrefix + key);
  }

  @Override
  public void record(String key, List<Instant> events) {
    Arguments.requireRateLimitKey(key, MAX_KEY_LENGTH);
    if (events.isEmpty()) {
      return;
    }
    String[] keys = {keyPrefix + key};
    List<String> args = new ArrayList<>(events.size() + 2);
    if (limit instanceof RateLimit.SlidingWindow window) {
      args.add(Long.toString(window.window().toNanos() / 1000));
      args.add(nonce + sequence.incrementAndGet());
    } else {
      args.add(Double.toString(((RateLimit.TokenBucket) limit).intervalMicros()));
    }
    events.stream().sorted().forEach(at -> args.add(Long.toString(at.getEpochSecond() * 1_000_000L + at.getNano() / 1000)));
    LuaScript script = limit instanceof RateLimit.SlidingWindow ? SLIDING_WINDOW_RECORD : TOKEN_BUCKET_RECORD;
    script.runForInteger(redis, keys, args.toArray(String[]::new));
  }

  /** Runs the policy's script; {@code permits} 0 looks without consuming. */
  private RateLimitDecision decide(String key, int permits) {
    String[] keys = {keyPrefix + key};
    List<Object> reply;
    if (limit instanceof RateLimit.SlidingWindow window) {
      reply = SLIDING_WINDOW.run(redis, keys, Integer.toString(window.limit()),
          Long.toString(window.window().toNanos() / 1000), Integer.toString(permits),
          nonce + sequence.incrementAndGet());
    } else {
      RateLimit.TokenBucket bucket = (RateLimit.TokenBucket) limit;
      reply = TOKEN_BUCKET.run(redis, keys, Double.toString(bucket.intervalMicros()),
          Long.toString(bucket.burst()), Integer.toString(permits));
    }
    return new RateLimitDecision((Long) reply.get(0) == 1L, limit.capacity(), (Long) reply.get(1),
        micros((Long) reply.get(2)), micros((Long) reply.get(3)));
  }

  private static Duration micros(long micros) {
    return Duration.of(Math.max(0, micros), ChronoUnit.MICROS);
  }

  @Override
  public String toString() {
    return "RedisRateLimiter{key prefix=\"" + keyPrefix + "\", " + limit + "}";
  }
}
