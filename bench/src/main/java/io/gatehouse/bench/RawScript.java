package io.gatehouse.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A baseline decision: one raw Lettuce {@code EVALSHA} of a script from this package's resources, with no library
 * around it. {@code trivial.lua} ({@code return 1}) is the floor of any one-script decision; {@code sliding-log.lua}
 * is the textbook sliding log.
 */
final class RawScript implements RateLimitContender {

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;
  private final String sha;
  private final Function<String, String[]> argsForKey;

  private RawScript(RedisClient client, String resource, Function<String, String[]> argsForKey) {
    this.client = client;
    this.connection = client.connect();
    this.redis = connection.sync();
    this.sha = redis.scriptLoad(source(resource));
    this.argsForKey = argsForKey;
  }

  /** {@code EVALSHA <return 1> 1 key}. */
  static RawScript trivial(RedisClient client) {
    return new RawScript(client, "trivial.lua", key -> new String[0]);
  }

  /** {@code EVALSHA <sliding log> 1 key now window limit member}, the window and limit in microseconds and events. */
  static RawScript slidingLog(RedisClient client, Duration window, int limit) {
    String windowMicros = Long.toString(window.toNanos() / 1000);
    String limitArg = Integer.toString(limit);
    String nonce = Long.toHexString(System.nanoTime());
    AtomicLong sequence = new AtomicLong();
    return new RawScript(client, "sliding-log.lua", key -> {
      Instant now = Instant.now();
      return new String[] {Long.toString(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000), windowMicros,
          limitArg, nonce + ":" + sequence.incrementAndGet()};
    });
  }

  @Override
  public Object tryAcquire(String key) {
    Long reply = redis.evalsha(sha, ScriptOutputType.INTEGER, new String[] {key}, argsForKey.apply(key));
    return reply;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private static String source(String resource) {
    try (InputStream in = RawScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("script " + resource + " is missing from the benchmark jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read script " + resource, e);
    }
  }
}
