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
 *     .probeInterval(Duration.ofMillis(500))
 *     .build();
 * }</pre>
 */
public final class FailoverConfig {

  public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(250);
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_PROBE_INTERVAL = Duration.ofSeconds(10);

  private final Duration deadline;
  private final Duration probeInterval;
  private final Duration maxProbeInterval;
  private final Clock clock;

  private FailoverConfig(Builder builder) {
    this.deadline = builder.deadline;
    this.probeInterval = builder.probeInterval;
    this.maxProbeInterval = builder.maxProbeInterval;
    this.clock = builder.clock;
  }

  /** The defaults: 250 ms deadline, probes every 500 ms backing off to 10 s. */
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

  /** The longest interval between probes, reached by doubling while the primary stays away. */
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
    private Duration maxProbeInterval = DEFAULT_MAX_PROBE_INTERVAL;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder deadline(Duration deadline) {
      this.deadline = requirePositive("failover deadline", deadline);
      return this;
    }

    public Builder probeInterval(Duration probeInterval) {
      this.probeInterval = requirePositive("failover probe interval", probeInterval);
      return this;
    }

    public Builder maxProbeInterval(Duration maxProbeInterval) {
      this.maxProbeInterval = requirePositive("failover max probe interval", maxProbeInterval);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public FailoverConfig build() {
      if (maxProbeInterval.compareTo(probeInterval) < 0) {
        throw new IllegalArgumentException("failover max probe interval must not be shorter than the probe interval, "
            + "got maxProbeInterval=" + maxProbeInterval + " and probeInterval=" + probeInterval);
      }
      return new FailoverConfig(this);
    }
  }
}
