package io.gatehouse.failover;

import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.session.InvalidationChannel;
import io.gatehouse.spi.StoreUnavailableException;
import io.gatehouse.ratelimit.RateLimitBackend;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches one primary store (one Redis) and hands out session stores and rate limiters that keep answering,
 * from memory, while it is unavailable. The only place in Gatehouse that falls back.
 *
 * <pre>{@code
 * Failover failover = Failover.create(redis::ping, FailoverConfig.create());
 * SessionStore sessions = failover.sessionStore(redis.sessionStore(config), config);
 * RateLimiter logins = failover.rateLimiter(redis.rateLimiter("login", limit), RateLimitFallback.FOR_LOGIN);
 * }</pre>
 *
 * <h2>How does failover work, and why?</h2>
 *
 * <p><b>Detection.</b> A primary call that throws {@link StoreUnavailableException} switches every decorator of
 * this failover to {@link FailoverMode#DEGRADED}, and that same call is answered from memory: callers never see
 * the outage. So does a call that succeeds but takes longer than the {@linkplain FailoverConfig#deadline()
 * deadline} (its answer is still used). A stalled primary is cut off by the primary's own timeout, which is why
 * the Redis command timeout should equal the deadline; the decorators add no thread hop to the hot path. Any other
 * exception from the primary (a Lua error, a wrong key type) is a defect and propagates: it is not an outage.
 *
 * <p><b>While degraded</b> no request waits on the primary. One background thread probes it (one {@code PING}), at
 * the probe interval doubling up to the {@linkplain FailoverConfig#maxProbeInterval() maximum}, which is short by
 * default (150 ms) so that an instance is back on the primary soon after the primary is: every instance that still
 * answers from memory knows only its own sessions. Sessions created meanwhile live in memory; sessions validated
 * before the outage keep working because every session the primary validates or creates is also kept in a bounded
 * in-memory near cache (bounded by entries and by each session's own expiry). Revocations, sliding expiry and
 * rate-limit events are recorded for write-back.
 *
 * <p><b>Recovery</b> ({@link FailoverMode#RECOVERING}, still answering from memory): first the revocations made
 * during the outage are applied to the primary (revoke-all as "not valid before" the moment it was asked, so a
 * revoked session never validates again anywhere, including ones the primary had before the outage), then the
 * sessions created during the outage are written with their remaining lifetime, then extended idle deadlines are
 * pushed, then rate-limit events are recorded so that attempts made during the outage still count for the rest
 * of their window. Only then does the mode become {@link FailoverMode#PRIMARY}. Each step is idempotent; if the
 * primary fails midway the mode falls back to DEGRADED, everything not yet written is kept, and the probe retries.
 * Writes go out 16 at a time (the Redis client pipelines them), and the last pass runs while briefly holding
 * off memory-path requests, so nothing recorded during recovery is left behind.
 *
 * <p><b>A session memory does not know</b> is answered "invalid" while the primary is really away. But once a probe
 * has found the primary answering (and until anything fails against it again) such a miss asks the primary, and
 * a session found there is copied into memory, so it keeps working if recovery is interrupted: this covers the
 * write-back, during which this instance still answers from memory while the primary already holds sessions that
 * other instances created or wrote back. A session revoked here during the outage, or older than a revoke-all made
 * here, never comes back this way (see {@link MissLookup}).
 *
 * <p><b>What is lost while degraded.</b> Each instance sees only its own memory: a session created on another
 * instance during the outage is unknown here until that instance has written it back, and a session revoked on
 * another instance shortly before the outage may still be in this instance's near cache. Sessions this instance
 * never saw do not validate here while the primary is away (their users log in again). Rate limits are per
 * instance (see {@link RateLimitFallback}). All of it is reconciled on recovery, and a revocation always wins.
 */
public final class Failover implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Failover.class.getName());
  private static final int PASSES_BEFORE_EXCLUSIVE_DRAIN = 1;
  /** Write-back calls in flight at once: the primary's client pipelines them over its connection. */
  private static final int WRITE_BACK_CONCURRENCY = 16;

  private final Probe probe;
  private final FailoverConfig config;
  private final long deadlineNanos;
  private final List<WriteBack> participants = new CopyOnWriteArrayList<>();
  private final ReentrantReadWriteLock switchLock = new ReentrantReadWriteLock();
  private final ScheduledExecutorService prober;
  private final ExecutorService writers;
  private final AtomicBoolean probing = new AtomicBoolean();
  private final LongAdder failovers = new LongAdder();
  private final LongAdder fallbackCalls = new LongAdder();
  private final Object transitions = new Object();
  private final MissLookup missLookup;

  private volatile FailoverMode mode;
  private volatile Instant since;
  private volatile String lastError;
  private volatile Duration lastProbeLatency;
  private volatile Duration probeDelay;
  private volatile boolean closed;

  private Failover(Probe probe, FailoverConfig config, FailoverMode initial) {
    this.probe = probe;
    this.config = Objects.requireNonNull(config, "config");
    this.deadlineNanos = config.deadline().toNanos();
    this.missLookup = new MissLookup(deadlineNanos);
    this.mode = initial;
    this.since = config.clock().instant();
    this.probeDelay = config.probeInterval();
    this.prober = probe == null ? null : Executors.newSingleThreadScheduledExecutor(daemon("gatehouse-failover-probe"));
    this.writers = probe == null ? null : Executors.newFixedThreadPool(WRITE_BACK_CONCURRENCY,
        daemon("gatehouse-failover-write-back"));
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Watches the primary that {@code probe} checks. Probes it once now: starts {@link FailoverMode#PRIMARY} if it
   * answers, {@link FailoverMode#DEGRADED} otherwise, and then promotes itself when the primary appears.
   */
  public static Failover create(Probe probe, FailoverConfig config) {
    Failover failover = new Failover(Objects.requireNonNull(probe, "probe"), config, FailoverMode.PRIMARY);
    try {
      failover.lastProbeLatency = probe.ping();
      LOG.log(Level.INFO, "Primary store answers (PING {0} ms): serving from it", failover.lastProbeLatency.toMillis());
    } catch (StoreUnavailableException e) {
      failover.trip("unavailable at start-up: " + e.getMessage());
    }
    return failover;
  }

  /** No primary, by choice: everything lives in memory and the mode is {@link FailoverMode#DISABLED}. */
  public static Failover disabled(FailoverConfig config) {
    return new Failover(null, config, FailoverMode.DISABLED);
  }

  /**
   * A session store that uses {@code primary} while it answers and memory otherwise.
   *
   * @param primary the shared store; ignored (may be {@code null}) when this failover is disabled, in which case
   *     the result is a plain in-memory store
   * @param config the settings of the in-memory fallback and near cache (its clock is replaced by the failover's)
   */
  public SessionStore sessionStore(SessionBackend primary, SessionConfig config) {
    SessionBackend memory = SessionBackend.inMemory(config.mutate().clock(this.config.clock()).build());
    if (mode == FailoverMode.DISABLED) {
      return memory;
    }
    FailoverSessionStore store = new FailoverSessionStore(this, Objects.requireNonNull(primary, "primary"), memory);
    participants.add(store);
    return store;
  }

  /**
   * As {@link #sessionStore(SessionBackend, SessionConfig)}, and the in-memory copies kept for an outage are dropped
   * when {@code invalidations} announces their revocation on any instance.
   */
  public SessionStore sessionStore(SessionBackend primary, SessionConfig config, InvalidationChannel invalidations) {
    SessionStore store = sessionStore(primary, config);
    if (store instanceof FailoverSessionStore failoverStore) {
      invalidations.subscribe(failoverStore);
    }
    return store;
  }

  /**
   * One-time values on {@code primary} while it answers and in memory otherwise (never written back: see
   * {@code FailoverOneTimeValues}).
   *
   * @param primary the shared store; ignored (may be {@code null}) when this failover is disabled, in which case
   *     the result is a plain in-memory store
   */
  public OneTimeValues oneTimeValues(OneTimeValues primary) {
    OneTimeValues memory = OneTimeValues.inMemory(config.clock(), OneTimeValues.DEFAULT_MAX_IN_MEMORY);
    if (mode == FailoverMode.DISABLED) {
      return memory;
    }
    return new FailoverOneTimeValues(this, Objects.requireNonNull(primary, "primary"), memory);
  }

  /**
   * A rate limiter that uses {@code primary} while it answers, and {@code whileDegraded} otherwise.
   *
   * @param primary the shared limiter; when this failover is disabled only its policy is used (pass
   *     {@code RateLimiter.inMemory(limit)} if there is no shared store), and the result is an in-memory limiter
   */
  public RateLimiter rateLimiter(RateLimitBackend primary, RateLimitFallback whileDegraded) {
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(whileDegraded, "whileDegraded");
    if (mode == FailoverMode.DISABLED) {
      return RateLimiter.inMemory(primary.limit(), config.clock(), 100_000);
    }
    FailoverRateLimiter limiter = new FailoverRateLimiter(this, primary, whileDegraded, config.clock());
    participants.add(limiter);
    return limiter;
  }

  /** The current state, for health endpoints and metrics. */
  public FailoverStatus status() {
    long pending = 0;
    for (WriteBack participant : participants) {
      pending += participant.pending();
    }
    return new FailoverStatus(mode, since, lastError, failovers.sum(), fallbackCalls.sum(), pending,
        lastProbeLatency);
  }

  /** The current mode. */
  public FailoverMode mode() {
    return mode;
  }

  FailoverConfig config() {
    return config;
  }

  /**
   * For a miss in memory while not on the primary: runs {@code lookup} on the primary if it has answered the last
   * probe and nothing has failed since, else answers empty at once (see {@link MissLookup}).
   */
  <T> Optional<T> askPrimary(Supplier<Optional<T>> lookup) {
    return missLookup.ask(lookup);
  }

  /**
   * Runs {@code onPrimary} while the primary is in use, else (or if it fails or is too slow) {@code onMemory},
   * which may record changes for write-back: it runs while no recovery can complete, so none is lost.
   */
  <T> T route(Supplier<T> onPrimary, Supplier<T> onMemory) {
    for (int attempt = 0; attempt < 2; attempt++) {
      if (mode == FailoverMode.PRIMARY) {
        long start = System.nanoTime();
        try {
          T result = onPrimary.get();
          long elapsed = System.nanoTime() - start;
          if (elapsed > deadlineNanos) {
            trip("answered in " + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms, over the "
                + config.deadline().toMillis() + " ms deadline");
          }
          return result;
        } catch (StoreUnavailableException e) {
          trip(e.getMessage());
        }
      }
      ReentrantReadWriteLock.ReadLock lock = switchLock.readLock();
      lock.lock();
      try {
        if (mode != FailoverMode.PRIMARY) {
          fallbackCalls.increment();
          return onMemory.get();
        }
      } finally {
        lock.unlock();
      }
      // Recovery completed between the primary's failure and here: the primary answers again, so use it.
    }
    fallbackCalls.increment();
    return onMemory.get();
  }

  /** Switches from PRIMARY to DEGRADED, once, logging why, and starts probing. */
  private void trip(String reason) {
    missLookup.close();
    synchronized (transitions) {
      lastError = reason;
      if (mode != FailoverMode.PRIMARY) {
        return;
      }
      mode = FailoverMode.DEGRADED;
      since = config.clock().instant();
      failovers.increment();
      probeDelay = config.probeInterval();
    }
    LOG.log(Level.WARNING, "Primary store {0}; serving from memory since {1}, probing in {2} ms, then at most {3} ms "
        + "apart", reason, since, config.probeInterval().toMillis(), config.maxProbeInterval().toMillis());
    scheduleProbe(config.probeInterval());
  }

  private void scheduleProbe(Duration delay) {
    if (!closed && probing.compareAndSet(false, true)) {
      prober.schedule(this::probeOnce, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void probeOnce() {
    probing.set(false);
    if (closed || mode == FailoverMode.PRIMARY) {
      return;
    }
    try {
      lastProbeLatency = probe.ping();
      missLookup.open();
      recover();
    } catch (StoreUnavailableException e) {
      backOff(e.getMessage());
    } catch (RuntimeException e) {
      // A defect during write-back (a Lua error, a wrong key type): keep everything, say so loudly, retry later.
      LOG.log(Level.ERROR, "Write-back to the primary store failed with a defect; staying in memory", e);
      backOff("write-back failed: " + e);
    }
  }

  private void backOff(String reason) {
    missLookup.close();
    synchronized (transitions) {
      lastError = reason;
      if (mode == FailoverMode.RECOVERING) {
        mode = FailoverMode.DEGRADED;
        LOG.log(Level.WARNING, "Recovery interrupted ({0}); serving from memory, changes kept for write-back", reason);
      }
      long doubled = Math.min(probeDelay.toNanos() * 2, config.maxProbeInterval().toNanos());
      probeDelay = Duration.ofNanos(doubled);
    }
    scheduleProbe(probeDelay);
  }

  /** Writes back every participant's changes, then switches to PRIMARY. */
  private void recover() {
    Instant outageStart = since;
    long started = System.nanoTime();
    long pending = status().pendingWriteBack();
    synchronized (transitions) {
      mode = FailoverMode.RECOVERING;
    }
    LOG.log(Level.INFO, "Primary store answers again (PING {0} ms); writing back {1} changes",
        lastProbeLatency.toMillis(), pending);
    long written = 0;
    for (int pass = 1; ; pass++) {
      boolean exclusive = pass > PASSES_BEFORE_EXCLUSIVE_DRAIN;
      ReentrantReadWriteLock.WriteLock lock = switchLock.writeLock();
      if (exclusive) {
        lock.lock();
      }
      try {
        written += writeBackAll();
        if (!exclusive) {
          lock.lock();
        }
        if (status().pendingWriteBack() == 0) {
          synchronized (transitions) {
            mode = FailoverMode.PRIMARY;
            since = config.clock().instant();
            probeDelay = config.probeInterval();
          }
          break;
        }
        if (!exclusive) {
          lock.unlock();
        }
      } finally {
        if (lock.isHeldByCurrentThread()) {
          lock.unlock();
        }
      }
    }
    LOG.log(Level.INFO, "Serving from the primary store again after {0} ms in memory; wrote back {1} changes in {2} ms",
        Duration.between(outageStart, config.clock().instant()).toMillis(), written,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private long writeBackAll() {
    long written = 0;
    for (WriteBack participant : participants) {
      written += participant.writeBack();
    }
    return written;
  }

  /**
   * Applies {@code write} to every item, {@value #WRITE_BACK_CONCURRENCY} at a time, and waits for all: one round
   * trip per item would make recovery after a long outage take minutes. Rethrows the first failure.
   */
  <T> long writeConcurrently(Collection<T> items, Consumer<T> write) {
    List<T> snapshot = new ArrayList<>(items);
    if (snapshot.size() < 2 * WRITE_BACK_CONCURRENCY) {
      snapshot.forEach(write);
      return snapshot.size();
    }
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>(WRITE_BACK_CONCURRENCY);
    for (int i = 0; i < WRITE_BACK_CONCURRENCY; i++) {
      workers.add(writers.submit(() -> {
        for (int at = next.getAndIncrement(); at < snapshot.size(); at = next.getAndIncrement()) {
          write.accept(snapshot.get(at));
        }
      }));
    }
    RuntimeException failure = null;
    for (Future<?> worker : workers) {
      try {
        worker.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        workers.forEach(w -> w.cancel(true));
        throw new StoreUnavailableException("write-back interrupted", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return snapshot.size();
  }

  /** Stops probing. The decorators keep answering in their current mode. */
  @Override
  public void close() {
    closed = true;
    if (prober != null) {
      prober.shutdownNow();
      writers.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "Failover{mode=" + mode + ", since=" + since + ", " + config + "}";
  }
}
