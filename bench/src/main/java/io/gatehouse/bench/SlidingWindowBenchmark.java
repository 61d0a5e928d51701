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
 * Sliding-window decisions, what a login rate limit costs per attempt: throughput of Gatehouse's {@code tryAcquire}
 * with {@link SlidingWindowBackend#POLICY} (an exact sliding log on the Redis server's clock, answering remaining,
 * retry-after and reset, in one {@code EVALSHA}), plain and behind the failover decorator in PRIMARY mode, against
 * its baseline, a raw Lettuce {@code EVALSHA} of the textbook sliding-log script ({@code ZREMRANGEBYSCORE},
 * {@code ZCARD}, {@code ZADD}, {@code PEXPIRE} on the client's clock, answering only yes or no) with the same limit.
 *
 * <ul>
 *   <li>Workload: each call takes one permit for one key.
 *   <li>Keys: {@code HOT}, one key for every call (the log is full: nearly all calls are denied);
 *       {@code RANDOM_10K}, one of 10,000 keys uniformly at random per call (nearly all allowed and recorded).
 *   <li>Threads: 1, 16 and 64, set by the run; one shared connection per contender. On 2 cores, 64 threads show
 *       latency under oversubscription.
 * </ul>
 *
 * <p>Run: {@code bench/run.sh --only SlidingWindowBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
public class SlidingWindowBenchmark {

  @Param({"TEXTBOOK_SLIDING_LOG", "GATEHOUSE", "GATEHOUSE_FAILOVER"})
  public SlidingWindowBackend backend;

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
    names = TokenBucketBenchmark.clientKeys(keys);
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
}
