package io.gatehouse.bench;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.nearcache.NearCacheConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import io.gatehouse.session.InvalidationChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How soon a revocation made on one instance is refused by another whose near cache holds the session: two
 * {@link Gatehouse} instances with the near cache on one redis-server; B validates the session (so its near cache
 * holds it), A revokes it, and B validates in a loop until it refuses. The time runs from A's revoke returning to
 * B's first refusal, so it is the message's way over pub/sub plus B's one Redis call after the entry is dropped:
 * what a user of B sees.
 */
final class RevocationPropagation {

  /** The figures, in microseconds, one per revocation, in the order measured. */
  record Result(int revocations, long[] micros, int neverSeen) {

    long percentile(double p) {
      long[] sorted = micros.clone();
      Arrays.sort(sorted);
      return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }
  }

  /** How long B may keep accepting a revoked session before the run calls it never seen (the staleness bounds it). */
  private static final Duration GIVE_UP = Duration.ofSeconds(5);

  private final String uri;

  RevocationPropagation(String uri) {
    this.uri = uri;
  }

  Result measure(int revocations) {
    List<Gatehouse> opened = new ArrayList<>();
    try {
      Gatehouse a = open(opened);
      Gatehouse b = open(opened);
      long[] micros = new long[revocations];
      int neverSeen = 0;
      for (int i = 0; i < revocations; i++) {
        SessionToken token = a.sessions().create("propagation-" + i, Map.of("role", "user")).token();
        SessionStore onB = b.sessions();
        if (onB.validate(token).isEmpty() || onB.validate(token).isEmpty()) {
          throw new IllegalStateException("instance B does not see a session A just created");
        }
        a.sessions().revoke(token);
        long revoked = System.nanoTime();
        long deadline = revoked + GIVE_UP.toNanos();
        while (onB.validate(token).isPresent()) {
          if (System.nanoTime() - deadline > 0) {
            neverSeen++;
            break;
          }
          Thread.onSpinWait();
        }
        micros[i] = (System.nanoTime() - revoked) / 1_000;
      }
      return new Result(revocations, micros, neverSeen);
    } finally {
      opened.forEach(Gatehouse::close);
    }
  }

  private Gatehouse open(List<Gatehouse> opened) {
    RedisStores stores = BenchRedis.at(uri).gatehouse();
    Gatehouse gatehouse = Gatehouse.builder()
        .backend(stores)
        .failover(FailoverConfig.builder().deadline(BenchRedis.MEASUREMENT_TIMEOUT).build())
        .nearCache(NearCacheConfig.create())
        .build();
    opened.add(gatehouse);
    // The near cache is used only once the invalidation channel is subscribed: wait for it, or B would ask Redis
    // every time and the figure would measure nothing.
    InvalidationChannel channel = stores.invalidations().orElseThrow();
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!channel.isConnected()) {
      if (System.nanoTime() - until > 0) {
        throw new IllegalStateException("the near cache's invalidation channel did not connect within 10 s");
      }
      sleep(Duration.ofMillis(5));
    }
    return gatehouse;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
