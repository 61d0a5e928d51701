package io.gatehouse.redis.testing;

import java.time.Duration;
import java.util.Optional;

/**
 * The immutable settings of a {@link RedisSentinelTopology}: passwords, failure detection and the start timeout.
 *
 * <pre>{@code
 * RedisSentinelOptions secured = RedisSentinelOptions.builder()
 *     .dataPassword("data-secret")            // requirepass and masterauth on master and replica
 *     .sentinelPassword("sentinel-secret")    // requirepass on the sentinels
 *     .build();
 * }</pre>
 */
public final class RedisSentinelOptions {

  /** How long a master must be unreachable before a sentinel considers it down, unless set otherwise. */
  public static final Duration DEFAULT_DOWN_AFTER = Duration.ofSeconds(1);
  /** Sentinel's {@code failover-timeout} unless set otherwise: how long before a stuck failover is retried. */
  public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(5);
  /** How long {@link RedisSentinelTopology#start} waits for the whole topology, unless set otherwise. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(15);

  private final String dataPassword;
  private final String sentinelPassword;
  private final Duration downAfter;
  private final Duration failoverTimeout;
  private final Duration startTimeout;

  private RedisSentinelOptions(Builder builder) {
    this.dataPassword = builder.dataPassword;
    this.sentinelPassword = builder.sentinelPassword;
    this.downAfter = builder.downAfter;
    this.failoverTimeout = builder.failoverTimeout;
    this.startTimeout = builder.startTimeout;
  }

  /** Returns the defaults: no passwords, down after 1 s, a 5 s failover timeout, a 15 s start timeout. */
  public static RedisSentinelOptions defaults() {
    return builder().build();
  }

  /** Returns a builder that starts from the {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the password of the master and replica, which clients send to them and sentinels use as auth-pass. */
  public Optional<String> dataPassword() {
    return Optional.ofNullable(dataPassword);
  }

  /** Returns the password of the sentinels themselves. */
  public Optional<String> sentinelPassword() {
    return Optional.ofNullable(sentinelPassword);
  }

  /** Returns sentinel's {@code down-after-milliseconds}. */
  public Duration downAfter() {
    return downAfter;
  }

  /** Returns sentinel's {@code failover-timeout}. */
  public Duration failoverTimeout() {
    return failoverTimeout;
  }

  /** Returns how long {@link RedisSentinelTopology#start} waits for the topology to be ready. */
  public Duration startTimeout() {
    return startTimeout;
  }

  @Override
  public String toString() {
    return "RedisSentinelOptions[dataPassword=" + (dataPassword == null ? "none" : "****") + ", sentinelPassword="
        + (sentinelPassword == null ? "none" : "****") + ", downAfter=" + downAfter + ", failoverTimeout="
        + failoverTimeout + ", startTimeout=" + startTimeout + "]";
  }

  /** A builder of {@link RedisSentinelOptions}; each setter checks its value at once. */
  public static final class Builder {

    private String dataPassword;
    private String sentinelPassword;
    private Duration downAfter = DEFAULT_DOWN_AFTER;
    private Duration failoverTimeout = DEFAULT_FAILOVER_TIMEOUT;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;

    private Builder() {}

    /**
     * Protects the master and replica with {@code password}: {@code requirepass} and {@code masterauth} on both, and
     * {@code sentinel auth-pass} on the sentinels.
     *
     * @param password letters, digits and {@code . _ ~ -} only, which need no escaping in a URI
     */
    public Builder dataPassword(String password) {
      this.dataPassword = RedisServerOptions.checkPassword("dataPassword", password);
      return this;
    }

    /**
     * Protects the sentinels with {@code password}: {@code requirepass} on each, and {@code sentinel sentinel-pass} so
     * that they can still talk to one another.
     *
     * @param password letters, digits and {@code . _ ~ -} only, which need no escaping in a URI
     */
    public Builder sentinelPassword(String password) {
      this.sentinelPassword = RedisServerOptions.checkPassword("sentinelPassword", password);
      return this;
    }

    /**
     * Sets {@code down-after-milliseconds}: how long the master must not answer before a sentinel flags it down.
     *
     * @param downAfter at least 1 ms
     */
    public Builder downAfter(Duration downAfter) {
      this.downAfter = checkMillis("downAfter", downAfter);
      return this;
    }

    /**
     * Sets {@code failover-timeout}.
     *
     * @param failoverTimeout at least 1 ms
     */
    public Builder failoverTimeout(Duration failoverTimeout) {
      this.failoverTimeout = checkMillis("failoverTimeout", failoverTimeout);
      return this;
    }

    /**
     * Sets how long {@link RedisSentinelTopology#start} waits for the topology to be ready.
     *
     * @param startTimeout must be positive
     */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = RedisServerOptions.checkPositive("startTimeout", startTimeout);
      return this;
    }

    /** Returns the options. */
    public RedisSentinelOptions build() {
      return new RedisSentinelOptions(this);
    }

    private static Duration checkMillis(String setting, Duration duration) {
      RedisServerOptions.checkPositive(setting, duration);
      if (duration.toMillis() < 1) {
        throw new IllegalArgumentException(setting + " must be at least 1 ms, as sentinel counts in milliseconds, got "
            + duration);
      }
      return duration;
    }
  }
}
