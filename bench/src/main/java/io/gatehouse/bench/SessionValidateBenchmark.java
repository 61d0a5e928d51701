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
 * Session validation, what every authenticated request costs: throughput of Gatehouse's {@code validate} (one
 * {@code EVALSHA} that also slides the idle deadline and checks revoke-all), plain and behind the failover
 * decorator in PRIMARY mode, and behind it with the session near cache on ({@code GATEHOUSE_NEAR_CACHE}: most calls
 * answered in the process, each session asked of Redis about once a second), against its baseline, a raw Lettuce {@code GET} of a string of about the same size
 * (one round trip: the physical limit), and its peer, Spring Session's {@code findById} + {@code save} (what
 * Spring's {@code SessionRepositoryFilter} does per request).
 *
 * <ul>
 *   <li>Workload: each call validates one live session, presented as the client presents it (the token string).
 *   <li>Keys: {@code HOT}, one session validated by every thread; {@code RANDOM_10K}, 10,000 sessions created in
 *       setup, one drawn uniformly at random per call.
 *   <li>Threads: 1, 16 and 64, set by the run; all threads of a contender share its one connection, as a server's
 *       request threads do. On 2 cores, 64 threads show latency under oversubscription, not more throughput.
 *   <li>Redis: the run's own {@code redis-server} on loopback, flushed before each trial.
 * </ul>
 *
 * <p>Run: {@code bench/run.sh --only SessionValidateBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
public class SessionValidateBenchmark {

  @Param({"RAW_GET", "GATEHOUSE", "GATEHOUSE_FAILOVER", "GATEHOUSE_NEAR_CACHE", "SPRING_SESSION"})
  public SessionBackend backend;

  @Param({"HOT", "RANDOM_10K"})
  public Keys keys;

  private BenchRedis redis;
  private SessionContender contender;
  private String[] sessions;

  @Setup
  public void setUp() {
    redis = BenchRedis.connect();
    redis.flushAll();
    contender = backend.open(redis);
    sessions = SessionContender.createMany(contender, keys.count());
  }

  @Benchmark
  public Object validate() {
    return contender.validate(sessions[keys.next()]);
  }

  @TearDown
  public void tearDown(BenchmarkParams params) {
    DecoratorTrips.check(contender.failovers(), params);
    contender.close();
    redis.flushAll();
    redis.close();
  }
}
