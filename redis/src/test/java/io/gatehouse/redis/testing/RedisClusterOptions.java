package io.gatehouse.redis.testing;

import java.time.Duration;
import java.util.Optional;

/**
 * The immutable settings of a {@link RedisClusterTopology}: its shape, node timeout, password and start timeout.
 *
 * <pre>{@code
 * RedisClusterOptions small = RedisClusterOptions.builder().masters(3).replicasPerMaster(1).build();
 * }</pre>
 */
public final class RedisClusterOptions {

  /** The number of masters unless set otherwise: the fewest with which a majority survives losing one. */
  public static final int DEFAULT_MASTERS = 3;
  /** The number of replicas of each master unless set otherwise. */
  public static final int DEFAULT_REPLICAS_PER_MASTER = 1;
  /** {@code cluster-node-timeout} unless set otherwise: how long a node may not answer before it is suspected. */
  public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(1);
  /** How long {@link RedisClusterTopology#start} waits for {@code cluster_state:ok}, unless set otherwise. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);

  private final int masters;
  private final int replicasPerMaster;
  private final Duration nodeTimeout;
  private final String password;
  private final Duration startTimeout;

  private RedisClusterOptions(Builder builder) {
    this.masters = builder.masters;
    this.replicasPerMaster = builder.replicasPerMaster;
    this.nodeTimeout = builder.nodeTimeout;
    this.password = builder.password;
    this.startTimeout = builder.startTimeout;
  }

  /** Returns the defaults: 3 masters with 1 replica each, a 1 s node timeout, no password, a 20 s start timeout. */
  public static RedisClusterOptions defaults() {
    return builder().build();
  }

  /** Returns a builder that starts from the {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the number of masters, among which the 16384 slots are split evenly. */
  public int masters() {
    return masters;
  }

  /** Returns the number of replicas of each master. */
  public int replicasPerMaster() {
    return replicasPerMaster;
  }

  /** Returns {@code cluster-node-timeout}. */
  public Duration nodeTimeout() {
    return nodeTimeout;
  }

  /** Returns the password of every node ({@code requirepass} and {@code masterauth}). */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** Returns how long {@link RedisClusterTopology#start} waits for the cluster to be ready. */
  public Duration startTimeout() {
    return startTimeout;
  }

  @Override
  public String toString() {
    return "RedisClusterOptions[masters=" + masters + ", replicasPerMaster=" + replicasPerMaster + ", nodeTimeout="
        + nodeTimeout + ", password=" + (password == null ? "none" : "****") + ", startTimeout=" + startTimeout + "]";
  }

  /** A builder of {@link RedisClusterOptions}; each setter checks its value at once. */
  public static final class Builder {

    private int masters = DEFAULT_MASTERS;
    private int replicasPerMaster = DEFAULT_REPLICAS_PER_MASTER;
    private Duration nodeTimeout = DEFAULT_NODE_TIMEOUT;
    private String password;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;

    private Builder() {}

    /**
     * Sets the number of masters. A failover needs the votes of a majority of masters, so it takes at least 3.
     *
     * @param masters 1 to 16
     */
    public Builder masters(int masters) {
      if (masters < 1 || masters > 16) {
        throw new IllegalArgumentException("masters must be between 1 and 16, got " + masters);
      }
      this.masters = masters;
      return this;
    }

    /**
     * Sets the number of replicas of each master; with none, a killed master's slots stay down.
     *
     * @param replicasPerMaster 0 to 4
     */
    public Builder replicasPerMaster(int replicasPerMaster) {
      if (replicasPerMaster < 0 || replicasPerMaster > 4) {
        throw new IllegalArgumentException("replicasPerMaster must be between 0 and 4, got " + replicasPerMaster);
      }
      this.replicasPerMaster = replicasPerMaster;
      return this;
    }

    /**
     * Sets {@code cluster-node-timeout}, which bounds how fast a failover can begin.
     *
     * @param nodeTimeout at least 1 ms
     */
    public Builder nodeTimeout(Duration nodeTimeout) {
      RedisServerOptions.checkPositive("nodeTimeout", nodeTimeout);
      if (nodeTimeout.toMillis() < 1) {
        throw new IllegalArgumentException("nodeTimeout must be at least 1 ms, as Redis counts in milliseconds, got "
            + nodeTimeout);
      }
      this.nodeTimeout = nodeTimeout;
      return this;
    }

    /**
     * Protects every node with {@code password}: {@code requirepass}, and {@code masterauth} for replication.
     *
     * @param password letters, digits and {@code . _ ~ -} only, which need no escaping in a URI
     */
    public Builder password(String password) {
      this.password = RedisServerOptions.checkPassword("password", password);
      return this;
    }

    /**
     * Sets how long {@link RedisClusterTopology#start} waits for the cluster to be ready.
     *
     * @param startTimeout must be positive
     */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = RedisServerOptions.checkPositive("startTimeout", startTimeout);
      return this;
    }

    /** Returns the options. */
    public RedisClusterOptions build() {
      return new RedisClusterOptions(this);
    }
  }
}
