package io.gatehouse.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Session revocation, what a logout costs: throughput of Gatehouse's {@code revoke} (one {@code EVALSHA}: delete
 * the session hash, remove it from the subject's index), plain and behind the failover decorator in PRIMARY mode,
 * against a raw Lettuce {@code DEL}.
 *
 * <ul>
 *   <li>Workload: at setup (untimed) a pool of {@value #POOL} live sessions is created for subjects {@code user-0}
 *       to {@code user-9999}; each call revokes the next session of the pool, cycling. Once the pool is used up, calls
 *       revoke sessions already revoked, which runs the same script (and for the baseline the same {@code DEL}) on
 *       keys that are gone: slightly cheaper for Redis, alike for every contender. Refilling the pool before each
 *       iteration would cost more setup time than the whole measurement on 2 shared cores.
 *   <li>Threads: 1, 16 and 64, set by the run; one shared connection per contender. On 2 cores, 64 threads show
 *       latency under oversubscription.
 * </ul>
 *
 * <p>Run: {@code bench/run.sh --only SessionRevokeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
public class SessionRevokeBenchmark {

  static final int POOL = 20_000;

  @Param({"RAW_GET", "GATEHOUSE", "GATEHOUSE_FAILOVER"})
  public SessionBackend backend;

  /** Sessions in the pool: {@value #POOL} in a measurement, fewer when the run only counts commands. */
  int poolSize = POOL;
  private final AtomicInteger next = new AtomicInteger();
  private BenchRedis redis;
  private SessionContender contender;
  private String[] sessions;

  @Setup
  public void setUp() {
    redis = BenchRedis.connect();
    redis.flushAll();
    contender = backend.open(redis);
    sessions = SessionContender.createMany(contender, poolSize);
  }

  @Benchmark
  public Object revoke() {
    return contender.revoke(sessions[Math.floorMod(next.getAndIncrement(), sessions.length)]);
  }

  @TearDown
  public void tearDown(BenchmarkParams params) {
    DecoratorTrips.check(contender.failovers(), params);
    contender.close();
    redis.flushAll();
    redis.close();
  }
}
