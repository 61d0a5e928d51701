package io.gatehouse.console;

import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.failover.Probe;
import io.gatehouse.spi.StoreUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Feeds the failover's state into the {@link ConsoleHistory} once per interval, from one daemon thread: the
 * failovers since the last sample, the mode, and the round trip of a {@code PING} to Redis (only while on Redis: a
 * degraded instance's own probe is already asking, and a PING to a Redis known to be away would only wait out the
 * timeout). The last round trip is kept for the overview.
 */
final class ConsoleSampler implements AutoCloseable {

  private final Supplier<FailoverStatus> status;
  private final Optional<Probe> probe;
  private final ConsoleHistory history;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "gatehouse-console-sampler");
    thread.setDaemon(true);
    return thread;
  });
  private long failoversSeen;
  private volatile Duration redisLatency;

  ConsoleSampler(Supplier<FailoverStatus> status, Optional<Probe> probe, ConsoleHistory history) {
    this.status = status;
    this.probe = probe;
    this.history = history;
    this.failoversSeen = status.get().failovers();
  }

  /** Samples now, then every interval. */
  ConsoleSampler start() {
    timer.scheduleWithFixedDelay(this::sample, 0, ConsoleHistory.INTERVAL_SECONDS, TimeUnit.SECONDS);
    return this;
  }

  /** The round trip of the last PING that answered; empty before the first, or when Redis is disabled. */
  Optional<Duration> redisLatency() {
    return Optional.ofNullable(redisLatency);
  }

  void sample() {
    FailoverStatus now = status.get();
    Duration latency = null;
    if (now.mode() == FailoverMode.PRIMARY && probe.isPresent()) {
      try {
        latency = probe.get().ping();
        redisLatency = latency;
      } catch (StoreUnavailableException e) {
        // The failover decorators notice the outage on the next call; the chart shows a gap for this interval.
      }
    }
    long failovers = now.failovers();
    history.sample(Math.max(0, failovers - failoversSeen), now.mode().name(), latency);
    failoversSeen = failovers;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
