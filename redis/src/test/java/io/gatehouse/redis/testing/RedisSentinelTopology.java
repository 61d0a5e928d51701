package io.gatehouse.redis.testing;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Redis Sentinel deployment for integration tests: a master, one replica and three sentinels, each a real
 * {@link RedisServer} on a free loopback port, tuned to fail over within seconds.
 *
 * <pre>{@code
 * try (RedisSentinelTopology sentinel = RedisSentinelTopology.start("gatehouse")) {
 *   RedisClient client = RedisClient.create(sentinel.sentinelUrl());   // redis-sentinel://...#gatehouse
 *   ...
 *   sentinel.killMaster();                                             // SIGKILL
 *   InetSocketAddress promoted = sentinel.awaitFailover(Duration.ofSeconds(15));
 * }
 * }</pre>
 *
 * <p>{@link #master()} and {@link #replica()} are the servers as started; after a failover the replica is the master,
 * which {@link #currentMaster()} tells. A sentinel can be killed and paused, but not restarted: sentinel rewrites its
 * config file with the master it monitors, and the command line would monitor it a second time. {@link #close()} kills
 * every process; each also has {@link RedisServer}'s shutdown hook.
 */
public final class RedisSentinelTopology implements AutoCloseable {

  /*
   * How is it started, and why so?
   *
   * Master, then replica, then the sentinels, and the sentinels only once the replica's link is up: a sentinel learns
   * replicas from the master's INFO, which it asks at once when it connects and then only every 10 s, so a replica
   * that connects after the sentinels would add up to 10 s. The data nodes run with repl-diskless-sync-delay 0, since
   * the default waits 5 s before the first full sync. The sentinels find one another through hello messages, published
   * every 2 s, which is most of the start time (about 2 s in all).
   *
   * Failover: a sentinel flags the master down after down-after-milliseconds (1 s), two agree (quorum 2), the three
   * elect a leader (which waits up to 1 s at random against split votes), and the leader promotes the replica once its
   * INFO shows it is a master. awaitFailover then waits until every running sentinel reports the new master, not just
   * the leader, because a client may ask any of them; that takes up to one more hello period.
   */

  /** The number of sentinels. */
  public static final int SENTINELS = 3;
  /** How many sentinels must agree that the master is down. */
  public static final int QUORUM = 2;

  private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final String masterName;
  private final RedisSentinelOptions options;
  private final ServerGroup group = new ServerGroup();
  private final List<RedisServer> sentinels = new ArrayList<>();
  private RedisServer master;
  private RedisServer replica;
  private volatile InetSocketAddress knownMaster;

  private RedisSentinelTopology(String masterName, RedisSentinelOptions options) {
    this.masterName = masterName;
    this.options = options;
  }

  /**
   * Starts a topology with the {@link RedisSentinelOptions#defaults() defaults}, as
   * {@link #start(String, RedisSentinelOptions)} does.
   */
  public static RedisSentinelTopology start(String masterName) {
    return start(masterName, RedisSentinelOptions.defaults());
  }

  /**
   * Starts the master, the replica and the sentinels, and returns once every sentinel reports the master, sees the
   * replica and knows the other two sentinels.
   *
   * @param masterName the name the sentinels monitor the master under: letters, digits and {@code . _ -}
   * @throws IllegalStateException if that takes longer than the options' start timeout; everything started is killed
   */
  public static RedisSentinelTopology start(String masterName, RedisSentinelOptions options) {
    Objects.requireNonNull(masterName, "masterName");
    if (!MASTER_NAME.matcher(masterName).matches()) {
      throw new IllegalArgumentException("masterName must be letters, digits and . _ - only, got \"" + masterName
          + "\"");
    }
    RedisSentinelTopology topology = new RedisSentinelTopology(masterName, Objects.requireNonNull(options, "options"));
    try {
      topology.launch();
      return topology;
    } catch (RuntimeException e) {
      try {
        topology.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Returns the name the sentinels monitor the master under. */
  public String masterName() {
    return masterName;
  }

  /** Returns the options the topology was started with. */
  public RedisSentinelOptions options() {
    return options;
  }

  /** Returns the server started as the master. */
  public RedisServer master() {
    return master;
  }

  /** Returns the server started as the replica. */
  public RedisServer replica() {
    return replica;
  }

  /** Returns the three sentinels. */
  public List<RedisServer> sentinels() {
    return List.copyOf(sentinels);
  }

  /**
   * Returns the Lettuce URI of the sentinels: {@code redis-sentinel://[:dataPassword@]127.0.0.1:p1,127.0.0.1:p2,
   * 127.0.0.1:p3/0#masterName}.
   *
   * <p>Lettuce applies a URI's password to the data nodes only; a URI cannot carry the sentinel password. With one,
   * set it on each sentinel of the parsed URI: {@code uri.getSentinels().forEach(s ->
   * s.setAuthentication(sentinelPassword))}, or build the URI with {@code RedisURI.Builder.sentinel(host, port,
   * masterName, sentinelPassword)} and {@code withSentinel(host, port, sentinelPassword)}.
   */
  public String sentinelUrl() {
    String credentials = options.dataPassword().map(password -> ":" + password + "@").orElse("");
    String hosts = sentinels.stream().map(s -> RedisServer.HOST + ":" + s.port()).collect(Collectors.joining(","));
    return "redis-sentinel://" + credentials + hosts + "/0#" + masterName;
  }

  /**
   * Returns the master's address as the first running sentinel that answers reports it
   * ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}).
   */
  public InetSocketAddress currentMaster() {
    List<String> failures = new ArrayList<>();
    for (RedisServer sentinel : sentinels) {
      if (sentinel.isRunning()) {
        try {
          return SentinelCommands.masterAddress(sentinel, masterName);
        } catch (IllegalStateException | UncheckedIOException e) {
          failures.add(sentinel.port() + ": " + e.getMessage());
        }
      }
    }
    throw new IllegalStateException("no sentinel reported the master of " + masterName + ": " + failures);
  }

  /** Kills the {@link #currentMaster() current master} with {@code SIGKILL} and returns it. */
  public RedisServer killMaster() {
    InetSocketAddress current = currentMaster();
    RedisServer target = dataNodeAt(current);
    knownMaster = current;
    target.kill();
    return target;
  }

  /**
   * Waits until every running sentinel reports a master other than the one before (the master at start, at the last
   * {@link #killMaster()} or at the last failover), and that node's {@code INFO replication} says {@code role:master}.
   *
   * @return the new master's address
   * @throws IllegalStateException if that takes longer than {@code max}, with what the sentinels last reported
   */
  public InetSocketAddress awaitFailover(Duration max) {
    InetSocketAddress before = knownMaster;
    InetSocketAddress after = Await.until(max, "the sentinels to fail over from master " + hostPort(before),
        () -> promotedAwayFrom(before));
    knownMaster = after;
    return after;
  }

  /**
   * Waits until a running replica of the current master has its link up and has replicated everything the master
   * had when this method was called.
   *
   * @return that replica
   */
  public RedisServer awaitReplicaInSync(Duration max) {
    RedisServer current = dataNodeAt(currentMaster());
    long offset = Long.parseLong(current.info("replication").get("master_repl_offset"));
    return Await.until(max, "a replica of " + current + " at replication offset " + offset, () -> {
      for (RedisServer node : List.of(master, replica)) {
        if (node != current && node.isRunning()) {
          Map<String, String> info = node.info("replication");
          if ("slave".equals(info.get("role")) && String.valueOf(current.port()).equals(info.get("master_port"))
              && "up".equals(info.get("master_link_status"))
              && Long.parseLong(info.get("slave_repl_offset")) >= offset) {
            return node;
          }
        }
      }
      throw new IllegalStateException("no running replica of " + current + " is linked up at offset " + offset);
    });
  }

  /** Kills every process and deletes their directories. */
  @Override
  public void close() {
    group.close();
  }

  @Override
  public String toString() {
    return "RedisSentinelTopology[" + masterName + ", master " + master + ", replica " + replica + ", sentinels "
        + sentinels + "]";
  }

  private void launch() {
    master = group.start(dataNode());
    replica = group.start(dataNode("--replicaof", RedisServer.HOST, String.valueOf(master.port())));
    Await.until(options.startTimeout(), "replica " + replica + " to link up with master " + master,
        () -> "up".equals(replica.info("replication").get("master_link_status")) ? Boolean.TRUE : null);
    for (int i = 0; i < SENTINELS; i++) {
      sentinels.add(group.start(sentinelNode()));
    }
    Await.until(options.startTimeout(), "every sentinel to see the master, the replica and the other sentinels",
        this::sentinelsReady);
    knownMaster = new InetSocketAddress(RedisServer.HOST, master.port());
  }

  private Boolean sentinelsReady() {
    for (RedisServer sentinel : sentinels) {
      InetSocketAddress reported = SentinelCommands.masterAddress(sentinel, masterName);
      if (reported.getPort() != master.port()) {
        throw new IllegalStateException("sentinel " + sentinel.port() + " reports master " + hostPort(reported));
      }
      List<Map<String, String>> replicas = SentinelCommands.replicas(sentinel, masterName);
      if (replicas.stream().noneMatch(r -> String.valueOf(replica.port()).equals(r.get("port"))
          && "slave".equals(r.get("flags")))) {
        throw new IllegalStateException("sentinel " + sentinel.port() + " does not see replica " + replica.port()
            + " up yet: " + replicas);
      }
      int others = SentinelCommands.otherSentinels(sentinel, masterName).size();
      if (others != SENTINELS - 1) {
        throw new IllegalStateException("sentinel " + sentinel.port() + " knows " + others + " other sentinels");
      }
    }
    return Boolean.TRUE;
  }

  private InetSocketAddress promotedAwayFrom(InetSocketAddress before) {
    InetSocketAddress agreed = null;
    for (RedisServer sentinel : sentinels) {
      if (!sentinel.isRunning()) {
        continue;
      }
      InetSocketAddress reported = SentinelCommands.masterAddress(sentinel, masterName);
      if (reported.equals(before)) {
        throw new IllegalStateException("sentinel " + sentinel.port() + " still reports master " + hostPort(before));
      }
      if (agreed != null && !agreed.equals(reported)) {
        throw new IllegalStateException("sentinels disagree: " + hostPort(agreed) + " and " + hostPort(reported));
      }
      agreed = reported;
    }
    if (agreed == null) {
      throw new IllegalStateException("no sentinel is running");
    }
    String role = dataNodeAt(agreed).info("replication").get("role");
    if (!"master".equals(role)) {
      throw new IllegalStateException("the sentinels report " + hostPort(agreed) + ", which still says role:" + role);
    }
    return agreed;
  }

  private RedisServer dataNodeAt(InetSocketAddress address) {
    for (RedisServer node : List.of(master, replica)) {
      if (node.port() == address.getPort()) {
        return node;
      }
    }
    throw new IllegalStateException("the sentinels report master " + hostPort(address) + ", which this topology did"
        + " not start");
  }

  private static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  private RedisServerOptions dataNode(String... args) {
    RedisServerOptions.Builder builder = RedisServerOptions.builder()
        .args("--repl-diskless-sync-delay", "0")
        .args(args);
    options.dataPassword().ifPresent(password -> builder.password(password).args("--masterauth", password));
    return builder.build();
  }

  private RedisServerOptions sentinelNode() {
    RedisServerOptions.Builder builder = RedisServerOptions.builder().args("--sentinel",
        "--sentinel", "monitor", masterName, RedisServer.HOST, String.valueOf(master.port()), String.valueOf(QUORUM),
        "--sentinel", "down-after-milliseconds", masterName, String.valueOf(options.downAfter().toMillis()),
        "--sentinel", "failover-timeout", masterName, String.valueOf(options.failoverTimeout().toMillis()),
        "--sentinel", "parallel-syncs", masterName, "1");
    options.dataPassword().ifPresent(password -> builder.args("--sentinel", "auth-pass", masterName, password));
    options.sentinelPassword().ifPresent(password -> builder.password(password)
        .args("--sentinel", "sentinel-pass", password));
    return builder.build();
  }
}
