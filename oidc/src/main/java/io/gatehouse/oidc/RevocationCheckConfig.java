package io.gatehouse.oidc;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a {@link JwtAuthenticator} reads and caches the subjects' revoke-all markers
 * ({@link io.gatehouse.session.SessionStore#notValidBefore}): how often a cached marker is read again in the
 * background, how old one may get before a check waits for a fresh read, how long a check waits at most, and how
 * many subjects are kept. Immutable; the builder refuses a bad value at once, quoting it.
 */
public final class RevocationCheckConfig {

  /** A subject's marker is read again in the background once this old, on its next check. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
  /** Older than this, a check waits for a fresh read instead of answering from the cache. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(2);
  /** The longest a check waits for a read; beyond it, it goes on with the last known marker (or none). */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(500);
  public static final long DEFAULT_MAX_SUBJECTS = 100_000;

  private final Duration refreshInterval;
  private final Duration maxAge;
  private final Duration readTimeout;
  private final long maxSubjects;
  private final Executor executor;
  private final Ticker ticker;

  private RevocationCheckConfig(Builder b) {
    this.refreshInterval = b.refreshInterval;
    this.maxAge = b.maxAge;
    this.readTimeout = b.readTimeout;
    this.maxSubjects = b.maxSubjects;
    this.executor = b.executor;
    this.ticker = b.ticker;
  }

  /** The defaults: refresh after 1 s, at most 2 s old, reads wait at most 500 ms, 100,000 subjects. */
  public static RevocationCheckConfig create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Duration refreshInterval() { return refreshInterval; }
  public Duration maxAge() { return maxAge; }
  public Duration readTimeout() { return readTimeout; }
  public long maxSubjects() { return maxSubjects; }
  /**
   * Where reads run: by default a pool of daemon threads shared by every cache, at most {@value #READ_THREADS} at a
   * time, beyond which the checking thread reads itself. Not the common fork-join pool: its parallelism is the number
   * of cores minus one, one thread on 2 cores, and blocking reads queued there served only a few thousand subjects
   * a second, one read at a time (seen in the JWT benchmark with 10,000 subjects).
   */
  public Executor executor() { return executor; }
  public Ticker ticker() { return ticker; }

  @Override
  public String toString() {
    return "RevocationCheckConfig{refreshInterval=" + refreshInterval + ", maxAge=" + maxAge + ", readTimeout="
        + readTimeout + ", maxSubjects=" + maxSubjects + "}";
  }

  /** The most reads of the default executor at once. */
  static final int READ_THREADS = 16;

  private static final Executor READS = readPool();

  private static Executor readPool() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, READ_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        task -> {
          Thread thread = new Thread(task, "gatehouse-revocation-read-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    return pool;
  }

  /** Builds a {@link RevocationCheckConfig}; each setter checks its value at once. */
  public static final class Builder {

    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private long maxSubjects = DEFAULT_MAX_SUBJECTS;
    private Executor executor = READS;
    private Ticker ticker = Ticker.systemTicker();

    private Builder() {}

    public Builder refreshInterval(Duration interval) {
      this.refreshInterval = positive("refreshInterval", interval);
      return this;
    }

    public Builder maxAge(Duration maxAge) {
      this.maxAge = positive("maxAge", maxAge);
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    public Builder maxSubjects(long maxSubjects) {
      if (maxSubjects < 1) {
        throw new IllegalArgumentException("maxSubjects must be at least 1, got " + maxSubjects);
      }
      this.maxSubjects = maxSubjects;
      return this;
    }

    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The time source of the cache's ages, for tests. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Checks what only the whole can show, and builds. */
    public RevocationCheckConfig build() {
      if (refreshInterval.compareTo(maxAge) >= 0) {
        throw new IllegalStateException("refreshInterval (" + refreshInterval + ") must be shorter than maxAge ("
            + maxAge + ")");
      }
      return new RevocationCheckConfig(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration like 1s or 500ms, got " + value);
      }
      return value;
    }
  }
}
