package io.gatehouse.console;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The last hour of this instance, in {@value #INTERVAL_SECONDS}-second intervals, for the console's charts: logins by
 * outcome, session validations and their latency percentiles, rate-limit refusals by limiter, failovers, Redis
 * latency and the failover mode. A ring of {@value #SLOTS} intervals, so its size never grows.
 *
 * <h2>How is it designed, and why?</h2>
 *
 * <p>The history lives in the server, not in the browser, so a console opened now shows the last hour at once and
 * two operators see the same numbers. Each interval keeps counters and, instead of every latency, three percentiles
 * of an HdrHistogram (microsecond precision, three significant digits) that is reset when the interval closes: one
 * histogram in memory, not one per interval. Intervals roll over lazily, when something is recorded or read after
 * the boundary, so no timer is needed; an interval in which nothing happened is not stored, and reads as zeros. Every method holds
 * this object's lock for a few counter updates only, which costs less than the request being counted.
 */
final class ConsoleHistory {

  static final int INTERVAL_SECONDS = 5;
  static final int SLOTS = 3600 / INTERVAL_SECONDS;
  private static final long MAX_LATENCY_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

  private final Clock clock;
  private final Interval[] ring = new Interval[SLOTS];
  private final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
  private final long firstStart;
  private Interval current;

  ConsoleHistory(Clock clock) {
    this.clock = clock;
    this.firstStart = slotStart(clock.millis());
    this.current = new Interval(firstStart);
  }

  /** Counts one login by outcome: {@code ok}, {@code failed} or {@code limited}. */
  synchronized void login(String outcome) {
    roll().logins.merge(outcome, 1L, Long::sum);
  }

  /** Counts one session validation that asked the store, and how long it took. */
  synchronized void validation(Duration elapsed) {
    roll().validations++;
    latency.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, elapsed.toNanos() / 1000)));
  }

  /** Counts one refusal by {@code limiter}; {@code shadow} for one a shadow limiter only reported. */
  synchronized void refusal(String limiter, boolean shadow) {
    roll().refusals.merge(shadow ? limiter + " (shadow)" : limiter, 1L, Long::sum);
  }

  /** Counts switches from Redis to memory, and notes the mode and the Redis round trip ({@code null}: none). */
  synchronized void sample(long failovers, String mode, Duration redisLatency) {
    Interval interval = roll();
    interval.failovers += failovers;
    interval.mode = mode;
    if (redisLatency != null) {
      interval.redisMillis = redisLatency.toNanos() / 1e6;
    }
  }

  /**
   * The intervals of the last hour (or since start-up), oldest first, one per interval whether or not anything
   * happened in it, the current (still open) one last.
   */
  synchronized Snapshot snapshot() {
    Interval now = roll();
    List<Interval> intervals = new ArrayList<>();
    for (int i = SLOTS - 1; i > 0; i--) {
      long start = now.start - i * INTERVAL_SECONDS * 1000L;
      if (start >= firstStart) {
        Interval past = ring[(int) Math.floorMod(slotNumber(start), SLOTS)];
        intervals.add(past != null && past.start == start ? past.copy() : new Interval(start));
      }
    }
    Interval open = now.copy();
    summarize(open, latency.copy());
    intervals.add(open);
    return new Snapshot(INTERVAL_SECONDS, intervals);
  }

  private Interval roll() {
    long start = slotStart(clock.millis());
    if (start > current.start) {
      summarize(current, latency);
      latency.reset();
      ring[(int) Math.floorMod(slotNumber(current.start), SLOTS)] = current;
      Interval next = new Interval(start);
      next.mode = current.mode;
      current = next;
    }
    return current;
  }

  private static void summarize(Interval interval, Histogram histogram) {
    if (histogram.getTotalCount() > 0) {
      interval.p50 = histogram.getValueAtPercentile(50) / 1000.0;
      interval.p95 = histogram.getValueAtPercentile(95) / 1000.0;
      interval.p99 = histogram.getValueAtPercentile(99) / 1000.0;
    }
  }

  private static long slotStart(long millis) {
    return millis - Math.floorMod(millis, INTERVAL_SECONDS * 1000L);
  }

  private static long slotNumber(long start) {
    return start / (INTERVAL_SECONDS * 1000L);
  }

  /** One interval's counts; percentiles in milliseconds, {@code null} when nothing was measured. */
  static final class Interval {
    final long start;
    final Map<String, Long> logins = new TreeMap<>();
    final Map<String, Long> refusals = new TreeMap<>();
    long validations;
    long failovers;
    Double p50;
    Double p95;
    Double p99;
    Double redisMillis;
    String mode;

    Interval(long start) {
      this.start = start;
    }

    Interval copy() {
      Interval copy = new Interval(start);
      copy.logins.putAll(logins);
      copy.refusals.putAll(refusals);
      copy.validations = validations;
      copy.failovers = failovers;
      copy.p50 = p50;
      copy.p95 = p95;
      copy.p99 = p99;
      copy.redisMillis = redisMillis;
      copy.mode = mode;
      return copy;
    }
  }

  /** The last hour as columns, the shape the charts plot: one array per series, aligned with {@code times}. */
  record Snapshot(int intervalSeconds, List<Interval> intervals) {

    Map<String, Object> columns() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("intervalSeconds", intervalSeconds);
      out.put("times", intervals.stream().map(i -> i.start / 1000).toList());
      Map<String, Object> logins = new LinkedHashMap<>();
      for (String outcome : List.of("ok", "failed", "limited")) {
        logins.put(outcome, intervals.stream().map(i -> i.logins.getOrDefault(outcome, 0L)).toList());
      }
      out.put("logins", logins);
      out.put("validationsPerSecond", intervals.stream().map(i -> i.validations / (double) intervalSeconds).toList());
      Map<String, Object> latency = new LinkedHashMap<>();
      latency.put("p50", intervals.stream().map(i -> i.p50).toList());
      latency.put("p95", intervals.stream().map(i -> i.p95).toList());
      latency.put("p99", intervals.stream().map(i -> i.p99).toList());
      out.put("validationLatencyMs", latency);
      Map<String, Object> refusals = new TreeMap<>();
      intervals.forEach(i -> i.refusals.keySet().forEach(name -> refusals.put(name,
          intervals.stream().map(j -> j.refusals.getOrDefault(name, 0L)).toList())));
      out.put("refusals", refusals);
      out.put("failovers", intervals.stream().map(i -> i.failovers).toList());
      out.put("redisLatencyMs", intervals.stream().map(i -> i.redisMillis).toList());
      out.put("modes", intervals.stream().map(i -> i.mode).toList());
      return out;
    }
  }
}
