package io.gatehouse.redis;

import static org.awaitility.Awaitility.await;

import io.gatehouse.redis.testing.RedisServer;
import java.time.Duration;
import java.util.List;

/** Lets time pass as the Redis server sees it: a bounded poll of its {@code TIME}, not a fixed sleep. */
final class RedisTime {

  private RedisTime() {}

  static long millis(RedisServer server) {
    List<?> time = (List<?>) server.command("TIME");
    return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
  }

  static void elapse(RedisServer server, Duration duration) {
    long until = millis(server) + duration.toMillis() + 1;
    await().atMost(duration.plusSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
        .until(() -> millis(server) >= until);
  }
}
