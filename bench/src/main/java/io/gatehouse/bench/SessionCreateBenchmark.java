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
 * Session creation, what a login costs after the password check: throughput of Gatehouse's {@code create} (a
 * 256-bit token from {@code SecureRandom}, its SHA-256, one {@code EVALSHA} that writes the session hash and the
 * subject's index), plain and behind the failover decorator in PRIMARY mode, against its peer, Spring Session's
 * {@code createSession} + {@code save}, and a raw Lettuce {@code SET} of a string of about the same size.
 *
 * <ul>
 *   <li>Workload: each call creates one session with one attribute ({@code role=user}) for a subject drawn
 *       uniformly at random from 10,000 ({@code user-0} to {@code user-9999}; Spring Session stores the subject as an
 *       attribute). Sessions accumulate during the trial and are flushed after it.
 *   <li>Threads: 1, 16 and 64, set by the run; one shared connection per contender. On 2 cores, 64 threads show
 *       latency under oversubscription.
 * </ul>
 *
 * <p>Run: {@code bench/run.sh --only SessionCreateBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
public class SessionCreateBenchmark {

  @Param({"RAW_GET", "GATEHOUSE", "GATEHOUSE_FAILOVER", "SPRING_SESSION"})
  public SessionBackend backend;

  private BenchRedis redis;
  private SessionContender contender;

  @Setup
  public void setUp() {
    redis = BenchRedis.connect();
    redis.flushAll();
    contender = backend.open(redis);
  }

  @Benchmark
  public Object create() {
    return contender.create("user-" + Keys.RANDOM_10K.next());
  }

  @TearDown
  public void tearDown(BenchmarkParams params) {
    DecoratorTrips.check(contender.failovers(), params);
    contender.close();
    redis.flushAll();
    redis.close();
  }
}
