package io.gatehouse.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Token-bucket decisions, what an API rate limit costs per request: throughput of Gatehouse's
 * {@code tryAcquire} with {@link TokenBucketBackend#POLICY} (GCRA in one {@code EVALSHA}), plain and behind the
 * failover decorator in PRIMARY mode, against its baseline, a raw Lettuce {@code EVALSHA} of {@code return 1} (the
 * floor of any one-script decision), and its peer, Bucket4j's Lettuce proxy manager {@code tryConsume(1)} with the
 * same limit.
 *
 * <ul>
 *   <li>Workload: each call takes one permit for one key.
 *   <li>Keys: {@code HOT}, one key for every call (the bucket runs empty: nearly all calls are denied, and Bucket4j's
 *       compare-and-swap contends); {@code RANDOM_10K}, one of 10,000 keys uniformly at random per call (nearly all
 *       allowed).
 *   <li>Threads: 1, 16 and 64, set by the run; one shared connection per contender. On 2 cores, 64 threads show
 *       latency under oversubscription.
 * </ul>
 *
 * <p>Run: {@code bench/run.sh --only TokenBucketBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
public class TokenBucketBenchmark {

  @Param({"RAW_EVALSHA_TRIVIAL", "GATEHOUSE", "GATEHOUSE_FAILOVER", "BUCKET4J"})
  public TokenBucketBackend backend;

  @Param({"HOT", "RANDOM_10K"})
  public Keys keys;

  private BenchRedis redis;
  private RateLimitContender contender;
  private String[] names;

  @Setup
  public void setUp() {
    redis = BenchRedis.connect();
    redis.flushAll();
    contender = backend.open(redis);
    names = clientKeys(keys);
  }

  @Benchmark
  public Object tryAcquire() {
    return contender.tryAcquire(names[keys.next()]);
  }

  @TearDown
  public void tearDown(BenchmarkParams params) {
    DecoratorTrips.check(contender.failovers(), params);
    contender.close();
    redis.flushAll();
    redis.close();
  }

  /** {@code client-0} to {@code client-<n-1>}: the keys a rate limit sees, one per client. */
  static String[] clientKeys(Keys keys) {
    String[] names = new String[keys.count()];
    for (int i = 0; i < names.length; i++) {
      names[i] = "client-" + i;
    }
    return names;
  }
}
