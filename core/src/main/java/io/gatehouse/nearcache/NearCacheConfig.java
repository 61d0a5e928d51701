package io.gatehouse.nearcache;

import static io.gatehouse.internal.Arguments.requireAtLeast;
import static io.gatehouse.internal.Arguments.requirePositive;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the session near cache ({@link NearCachedSessionStore#wrap}): how many validated sessions it
 * keeps, how long it may answer for one without asking the store, and how often a hit slides the session's expiry
 * in the store.
 *
 * <pre>{@code
 * NearCacheConfig config = NearCacheConfig.builder().maxStaleness(Duration.ofSeconds(1)).build();
 * }</pre>
 */
public final class NearCacheConfig {

  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  /** How long a cached session is answered for without asking the store, unless a revocation arrives first. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(1);
  /** The longest staleness accepted: beyond it a lost message would keep a revoked session valid too long. */
  public static final Duration MAX_STALENESS_LIMIT = Duration.ofMinutes(1);
  /** How often at most a cache hit pushes one session's idle deadline forward in the store. */
  public static final Duration DEFAULT_TOUCH_INTERVAL = Duration.ofSeconds(1);

  private final int maxEntries;
  private final Duration maxStaleness;
  private final Duration touchInterval;
  private final Clock clock;

  private NearCacheConfig(Builder builder) {
    this.maxEntries = builder.maxEntries;
    this.maxStaleness = builder.maxStaleness;
    this.touchInterval = builder.touchInterval;
    this.clock = builder.clock;
  }

  /** The defaults: 10,000 sessions, 1 s staleness, a touch per session per second at most. */
  public static NearCacheConfig create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this config's values. */
  public Builder mutate() {
    return new Builder().maxEntries(maxEntries).maxStaleness(maxStaleness).touchInterval(touchInterval).clock(clock);
  }

  /** Most sessions kept; the least recently used are dropped beyond it. */
  public int maxEntries() {
    return maxEntries;
  }

  /** Longest time a session is answered from the cache after the store last confirmed it. */
  public Duration maxStaleness() {
    return maxStaleness;
  }

  /** Shortest time between two sliding-expiry touches of one session sent to the store on cache hits. */
  public Duration touchInterval() {
    return touchInterval;
  }

  /** Time source for staleness and expiry; tests pass a fake clock. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "NearCacheConfig{maxEntries=" + maxEntries + ", maxStaleness=" + maxStaleness + ", touchInterval="
        + touchInterval + "}";
  }

  /** Builds a {@link NearCacheConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private Duration maxStaleness = DEFAULT_MAX_STALENESS;
    private Duration touchInterval = DEFAULT_TOUCH_INTERVAL;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** At least 1. */
    public Builder maxEntries(int maxEntries) {
      this.maxEntries = (int) requireAtLeast("maxEntries", maxEntries, 1);
      return this;
    }

    /** Positive, at most {@link #MAX_STALENESS_LIMIT}. */
    public Builder maxStaleness(Duration maxStaleness) {
      requirePositive("maxStaleness", maxStaleness);
      if (maxStaleness.compareTo(MAX_STALENESS_LIMIT) > 0) {
        throw new IllegalArgumentException(
            "maxStaleness must be at most " + MAX_STALENESS_LIMIT + ", got " + maxStaleness);
      }
      this.maxStaleness = maxStaleness;
      return this;
    }

    /** Positive. */
    public Builder touchInterval(Duration touchInterval) {
      this.touchInterval = requirePositive("touchInterval", touchInterval);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public NearCacheConfig build() {
      return new NearCacheConfig(this);
    }
  }
}
