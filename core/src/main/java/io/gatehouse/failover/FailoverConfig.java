package io.gatehouse.failover;

import static io.gatehouse.internal.Arguments.requirePositive;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link Failover}: how slow is "down", and how often to look for the primary's return.
 *
 * <pre>{@code
 * FailoverConfig config = FailoverConfig.builder()
 *     .deadline(Duration.ofMillis(250))
 *     .probeInterval(Duration.ofMillis(100))
 *     .maxProbeInterval(Duration.ofMillis(150))
 *     .build();
 * }</pre>
 *
 * <p>Why the probe interval is capped this low by default: while an instance answers from memory it knows only its
 * own sessions, so every moment it stays there after the primary is back, sessions created or written back by other
 * instances are "invalid" here. A probe is one {@code PING} (a failed one is rejected at once by a disconnected
 * client, or waits at most the deadline on a frozen server), so probing several times a second costs next to nothing
 * and puts the instance back on the primary within about the cap plus the write-back.
 */
public final class FailoverConfig {

  public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(250);
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_PROBE_INTERVAL = Duration.ofMillis(150);
  /**
   * The longest cap accepted: with a longer one, instances would stay in memory (each knowing only its own sessions)
   * for that long after the primary is back.
   */
  public static final Duration LONGEST_MAX_PROBE_INTERVAL = Duration.ofMinutes(1);

  private final Duration deadline;
  private final Duration probeInterval;
  private final Duration maxProbeInterval;
  private final Clock clock;

  private FailoverConfig(Builder builder, Duration maxProbeInterval) {
    this.deadline = builder.deadline;
    this.probeInterval = builder.probeInterval;
    this.maxProbeInterval = maxProbeInterval;
    this.clock = builder.clock;
  }

  /** The defaults: 250 ms deadline, probes 100 ms after an outage begins, backing off to at most 150 ms apart. */
  public static FailoverConfig create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    return new Builder().deadline(deadline).probeInterval(probeInterval).maxProbeInterval(maxProbeInterval)
        .clock(clock);
  }

  /**
   * How long a primary call may take. A call that fails, or that answers later than this, switches to memory.
   * The primary's own timeout bounds how long a stalled call waits, so set the Redis command timeout to this
   * value (the server does).
   */
  public Duration deadline() {
    return deadline;
  }

  /** How soon after an outage begins the primary is probed, and the first interval between probes. */
  public Duration probeInterval() {
    return probeInterval;
  }

  /**
   * The cap on the interval between probes, reached by doubling while the primary stays away: after the primary
   * returns, an instance is back on it within about this long plus its write-back.
   */
  public Duration maxProbeInterval() {
    return maxProbeInterval;
  }

  /** Time source for the in-memory fallback and the status timestamps. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "FailoverConfig{deadline=" + deadline + ", probeInterval=" + probeInterval + ", maxProbeInterval="
        + maxProbeInterval + "}";
  }

  /** Builds a {@link FailoverConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private Duration deadline = DEFAULT_DEADLINE;
    private Duration probeInterval = DEFAULT_PROBE_INTERVAL;
    private Duration maxProbeInterval;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder deadline(Duration deadline) {
      this.deadline = requirePositive("failover deadline", deadline);
      return this;
    }

    public Builder probeInterval(Duration probeInterval) {
      this.probeInterval = atMostLongest("failover probe interval", probeInterval);
      return this;
    }

    /**
     * The cap on the interval between probes: positive, at most {@link #LONGEST_MAX_PROBE_INTERVAL}, not shorter
     * than the probe interval. Unset, it is {@link #DEFAULT_MAX_PROBE_INTERVAL}, or the probe interval if longer.
     */
    public Builder maxProbeInterval(Duration maxProbeInterval) {
      this.maxProbeInterval = atMostLongest("failover max probe interval", maxProbeInterval);
      return this;
    }

    private static Duration atMostLongest(String name, Duration interval) {
      requirePositive(name, interval);
      if (interval.compareTo(LONGEST_MAX_PROBE_INTERVAL) > 0) {
        throw new IllegalArgumentException(name + " must be at most " + LONGEST_MAX_PROBE_INTERVAL
            + " (instances stay in memory that long after the primary returns), got " + interval);
      }
      return interval;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public FailoverConfig build() {
      if (maxProbeInterval == null) {
        return new FailoverConfig(this,
            probeInterval.compareTo(DEFAULT_MAX_PROBE_INTERVAL) > 0 ? probeInterval : DEFAULT_MAX_PROBE_INTERVAL);
      }
      if (maxProbeInterval.compareTo(probeInterval) < 0) {
        throw new IllegalArgumentException("failover max probe interval must not be shorter than the probe interval, "
            + "got maxProbeInterval=" + maxProbeInterval + " and probeInterval=" + probeInterval);
      }
      return new FailoverConfig(this, maxProbeInterval);
    }
  }
}
