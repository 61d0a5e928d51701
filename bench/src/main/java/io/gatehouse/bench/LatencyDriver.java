package io.gatehouse.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The load driver: latency percentiles of session validation at a fixed number of threads, each contender in the
 * same run, recorded with HdrHistogram.
 *
 * <p>Closed loop: each thread calls {@code validate} on one of 10,000 sessions drawn at random, records the call's
 * duration, and calls again at once, so the figures are latencies at each contender's own saturation throughput on
 * this machine (what a pool of 16 busy request threads sees), not at a fixed offered rate. Contenders take turns in
 * short phases, round after round, so a slow spell of the shared machine hits them all alike.
 */
final class LatencyDriver {

  /** One contender's calls, all phases together. */
  record Result(SessionBackend backend, int threads, Histogram histogram, double seconds) {

    double throughput() {
      return histogram.getTotalCount() / seconds;
    }

    /** The latency at {@code percentile} (0 to 100), in microseconds. */
    double micros(double percentile) {
      return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMicros() {
      return histogram.getMaxValue() / 1000.0;
    }
  }

  private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final BenchRedis redis;
  private final int threads;
  private final Duration warmup;
  private final Duration phase;
  private final int rounds;

  LatencyDriver(BenchRedis redis, int threads, Duration warmup, Duration phase, int rounds) {
    this.redis = redis;
    this.threads = threads;
    this.warmup = warmup;
    this.phase = phase;
    this.rounds = rounds;
  }

  /** Warms every contender up, then measures them in turns; the results are in {@code backends}' order. */
  Map<SessionBackend, Result> run(List<SessionBackend> backends) {
    redis.flushAll();
    Map<SessionBackend, SessionContender> contenders = new LinkedHashMap<>();
    Map<SessionBackend, String[]> sessions = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (SessionBackend backend : backends) {
        SessionContender contender = backend.open(redis);
        contenders.put(backend, contender);
        sessions.put(backend, SessionContender.createMany(contender, Keys.RANDOM_10K.count()));
        drive(pool, contender, sessions.get(backend), warmup);
      }
      Map<SessionBackend, Histogram> histograms = new LinkedHashMap<>();
      Map<SessionBackend, Long> nanos = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (SessionBackend backend : backends) {
          long start = System.nanoTime();
          Histogram phaseHistogram = drive(pool, contenders.get(backend), sessions.get(backend), phase);
          nanos.merge(backend, System.nanoTime() - start, Long::sum);
          histograms.computeIfAbsent(backend, b -> newHistogram()).add(phaseHistogram);
        }
      }
      Map<SessionBackend, Result> results = new LinkedHashMap<>();
      for (SessionBackend backend : backends) {
        results.put(backend, new Result(backend, threads, histograms.get(backend), nanos.get(backend) / 1e9));
      }
      return results;
    } finally {
      pool.shutdownNow();
      contenders.values().forEach(SessionContender::close);
      redis.flushAll();
    }
  }

  /** Runs {@link #threads} closed loops for {@code duration}; returns their calls' latencies. */
  private Histogram drive(ExecutorService pool, SessionContender contender, String[] sessions, Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    List<Future<Histogram>> loops = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      loops.add(pool.submit(() -> {
        Histogram histogram = newHistogram();
        while (System.nanoTime() < deadline) {
          long start = System.nanoTime();
          contender.validate(sessions[Keys.RANDOM_10K.next()]);
          histogram.recordValue(Math.min(System.nanoTime() - start, HIGHEST_TRACKABLE_NANOS));
        }
        return histogram;
      }));
    }
    Histogram all = newHistogram();
    try {
      for (Future<Histogram> loop : loops) {
        all.add(loop.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while driving load", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a load thread failed: " + e.getCause(), e.getCause());
    }
    return all;
  }

  private static Histogram newHistogram() {
    return new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
  }
}
