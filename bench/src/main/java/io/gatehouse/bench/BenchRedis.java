package io.gatehouse.bench;

import io.gatehouse.redis.RedisConfig;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.redis.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * The {@code redis-server} a benchmark talks to: the run's, named by the system property {@value #URI_PROPERTY}
 * that {@link BenchmarkRun} passes to every JMH fork, or else one this object starts for itself (when a benchmark
 * is run by JMH's own {@code Main}).
 *
 * <p>It refuses port 6379: a benchmark flushes its database, and 6379 is where a machine's own Redis lives.
 */
final class BenchRedis implements AutoCloseable {

  static final String URI_PROPERTY = "gatehouse.bench.redis";
  /**
   * Gatehouse's command timeout, and the failover decorator's deadline, while throughput is measured: far above any
   * real reply time, so that a scheduling stall of the shared 2 cores (seen at 64 threads: a reply read 250 ms late)
   * neither fails a call nor switches the decorator to memory mid-measurement. The failover timings use the
   * production 250 ms.
   */
  static final Duration MEASUREMENT_TIMEOUT = Duration.ofSeconds(5);

  private final String uri;
  private final RedisServer owned;

  private BenchRedis(String uri, RedisServer owned) {
    if (RedisURI.create(uri).getPort() == RedisServer.DEFAULT_REDIS_PORT) {
      throw new IllegalArgumentException("benchmarks flush their Redis, so they never use port "
          + RedisServer.DEFAULT_REDIS_PORT + ", got " + uri);
    }
    this.uri = uri;
    this.owned = owned;
  }

  /** The run's Redis if {@value #URI_PROPERTY} names one, else a new redis-server on a free loopback port. */
  static BenchRedis connect() {
    String uri = System.getProperty(URI_PROPERTY, "");
    if (!uri.isBlank()) {
      return new BenchRedis(uri, null);
    }
    RedisServer server = RedisServer.create().start();
    return new BenchRedis(server.uri(), server);
  }

  /** A Redis that is already running, such as the run's own. */
  static BenchRedis at(String uri) {
    return new BenchRedis(uri, null);
  }

  String uri() {
    return uri;
  }

  /** A plain Lettuce client with its defaults, as the baselines and the peers use it. */
  RedisClient lettuce() {
    return RedisClient.create(uri);
  }

  /**
   * Gatehouse's stores on this Redis with the given command timeout, connected: the first connection is made here,
   * as a server's start-up check makes it, not by the first of many threads at once.
   */
  RedisStores gatehouse(Duration commandTimeout) {
    RedisStores stores = RedisStores.create(RedisConfig.builder().url(uri).commandTimeout(commandTimeout).build());
    stores.ping();
    return stores;
  }

  /** {@link #gatehouse(Duration)} with the {@link #MEASUREMENT_TIMEOUT}. */
  RedisStores gatehouse() {
    return gatehouse(MEASUREMENT_TIMEOUT);
  }

  /** Empties the database, so each benchmark starts from nothing and leaves nothing. */
  void flushAll() {
    Resp.call(RedisURI.create(uri), "FLUSHALL");
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
