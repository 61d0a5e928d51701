package io.gatehouse.bench;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimitBackend;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * The failover decorator's own CPU cost in PRIMARY mode, without Redis: nanoseconds per call of a session
 * {@code validate} and a rate-limit {@code tryAcquire} on an in-process primary that answers at once, called
 * directly ({@code DIRECT}) and through the decorator ({@code DECORATED}). The difference is what the decorator adds
 * to every call; over Redis it hides inside the network round trip, which the Redis benchmarks' GATEHOUSE_FAILOVER
 * rows measure.
 *
 * <ul>
 *   <li>Workload: {@code validate} of one of 10,000 tokens at random (the primary answers with that session, which
 *       the decorator copies into its near cache); {@code tryAcquire} of one of 10,000 keys at random (the primary
 *       answers a fixed decision).
 *   <li>Threads: 1 (the cost of a call alone) and 16 (the same calls contending: on 2 cores each thread's average
 *       time is then about 8 times its CPU time per call, and anything more is waiting on locks).
 * </ul>
 *
 * <p>Run: {@code bench/run.sh --only FailoverOverheadBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
public class FailoverOverheadBenchmark {

  @Param({"DIRECT", "DECORATED"})
  public String path;

  private Failover failover;
  private SessionStore sessions;
  private RateLimiter limiter;
  private String[] tokens;
  private String[] keys;

  @Setup
  public void setUp() {
    InstantSessions primary = new InstantSessions(Keys.RANDOM_10K.count());
    tokens = primary.tokens();
    keys = TokenBucketBenchmark.clientKeys(Keys.RANDOM_10K);
    RateLimitBackend primaryLimiter = new InstantLimiter(TokenBucketBackend.POLICY);
    if (path.equals("DECORATED")) {
      failover = Failover.create(() -> Duration.ZERO,
          FailoverConfig.builder().deadline(BenchRedis.MEASUREMENT_TIMEOUT).build());
      sessions = failover.sessionStore(primary, SessionBackend.CONFIG);
      limiter = failover.rateLimiter(primaryLimiter, RateLimitFallback.FOR_API);
    } else {
      sessions = primary;
      limiter = primaryLimiter;
    }
  }

  @Benchmark
  public Object validate() {
    return sessions.validate(tokens[Keys.RANDOM_10K.next()]);
  }

  @Benchmark
  public Object tryAcquire() {
    return limiter.tryAcquire(keys[Keys.RANDOM_10K.next()]);
  }

  @TearDown
  public void tearDown() {
    if (failover != null) {
      failover.close();
    }
  }

  /** A primary that knows a fixed set of sessions and answers from a map: the cost of Redis taken away. */
  static final class InstantSessions implements io.gatehouse.session.SessionBackend {
    private final Map<SessionToken, Optional<Session>> byToken = new HashMap<>();
    private final String[] tokens;

    InstantSessions(int count) {
      SecureRandom random = new SecureRandom();
      Instant now = Instant.now();
      tokens = new String[count];
      for (int i = 0; i < count; i++) {
        String subject = "user-" + i;
        SessionToken token = SessionToken.generate(subject, random);
        Session session = new Session(token.sessionId(), subject, now, now, now.plus(Duration.ofMinutes(30)),
            now.plus(Duration.ofHours(12)), Map.of("role", "user"));
        byToken.put(token, Optional.of(session));
        tokens[i] = token.value();
      }
    }

    String[] tokens() {
      return tokens.clone();
    }

    @Override
    public Optional<Session> validate(SessionToken token) {
      return byToken.getOrDefault(token, Optional.empty());
    }

    @Override
    public CreatedSession create(String subject, Map<String, String> attributes) {
      throw new UnsupportedOperationException("not measured");
    }

    @Override
    public boolean revoke(SessionId id) {
      throw new UnsupportedOperationException("not measured");
    }

    @Override
    public Optional<Instant> notValidBefore(String subject) {
      throw new UnsupportedOperationException("not measured");
    }

    @Override
    public int revokeAll(String subject) {
      throw new UnsupportedOperationException("not measured");
    }

    @Override
    public List<Session> list(String subject, int limit) {
      throw new UnsupportedOperationException("not measured");
    }

    @Override
    public boolean restore(Session session) {
      throw new UnsupportedOperationException("not measured");
    }

    @Override
    public boolean touch(SessionId id, Instant lastSeen) {
      throw new UnsupportedOperationException("not measured");
    }

    @Override
    public int revokeAll(String subject, Instant notValidBefore) {
      throw new UnsupportedOperationException("not measured");
    }
  }

  /** A primary limiter that allows everything at once. */
  static final class InstantLimiter implements RateLimitBackend {
    private final RateLimit limit;
    private final RateLimitDecision allowed;

    InstantLimiter(RateLimit limit) {
      this.limit = limit;
      this.allowed = new RateLimitDecision(true, limit.capacity(), limit.capacity() - 1, Duration.ZERO,
          Duration.ofMillis(10));
    }

    @Override
    public RateLimit limit() {
      return limit;
    }

    @Override
    public RateLimitDecision tryAcquire(String key, int permits) {
      return allowed;
    }

    @Override
    public RateLimitDecision peek(String key) {
      return allowed;
    }

    @Override
    public void release(String key, int permits) {}

    @Override
    public void reset(String key) {}

    @Override
    public void record(String key, List<Instant> events) {}
  }
}
