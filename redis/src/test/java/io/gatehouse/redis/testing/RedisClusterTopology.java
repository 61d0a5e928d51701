package io.gatehouse.redis.testing;

import io.gatehouse.redis.testing.ClusterNode.SlotRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Redis Cluster for integration tests: three masters with one replica each by default, each a real
 * {@link RedisServer} on a free loopback port, formed without {@code redis-cli} and tuned to fail over within seconds.
 *
 * <pre>{@code
 * try (RedisClusterTopology cluster = RedisClusterTopology.start()) {
 *   String nodes = cluster.nodes();                 // 127.0.0.1:p1,127.0.0.1:p2,... for REDIS_CLUSTER_NODES
 *   RedisServer owner = cluster.masterForKey("{user:1}:sessions");
 *   RedisServer killed = cluster.killMaster(0);     // SIGKILL
 *   RedisServer promoted = cluster.awaitFailover(killed, Duration.ofSeconds(15));
 * }
 * }</pre>
 *
 * <p>{@link #masters()} and {@link #replicas()} are the servers as started; after a failover a replica serves its
 * master's slots, which {@link #masterFor(int)} tells. {@link #close()} kills every process; each also has
 * {@link RedisServer}'s shutdown hook.
 */
public final class RedisClusterTopology implements AutoCloseable {

  /*
   * How is it started, and why so?
   *
   * All nodes start first, so that the masters' 2 s writable delay runs while the rest start; ClusterFormation then
   * forms the cluster with plain commands. Each node has an explicit, free cluster bus port (--cluster-port): the
   * default, port + 10000, is above 65535 for many ephemeral ports, and MEET must name it. repl-diskless-sync-delay 0
   * spares each replica's first sync the default 5 s wait.
   *
   * Failover: after cluster-node-timeout (1 s) a master is suspected, a majority of masters agreeing marks it failed,
   * and its replica stands for election after 0.5 to 1 s; cluster-replica-validity-factor 0 lets a replica stand
   * however long its link has been down. awaitFailover waits until every other running node agrees on the new owner
   * of the slots and reports cluster_state:ok, because a client may ask any of them.
   */

  /** The number of hash slots in a Redis Cluster. */
  public static final int SLOTS = 16384;

  private static final int BUS_PORT_ATTEMPTS = 3;

  private final RedisClusterOptions options;
  private final ServerGroup group = new ServerGroup();
  private final List<RedisServer> masters = new ArrayList<>();
  private final List<List<RedisServer>> replicasByMaster = new ArrayList<>();
  private final Map<RedisServer, Integer> busPorts = new HashMap<>();
  private Map<RedisServer, String> ids = Map.of();

  private RedisClusterTopology(RedisClusterOptions options) {
    this.options = options;
  }

  /** Starts a cluster with the {@link RedisClusterOptions#defaults() defaults}: 3 masters, 1 replica each. */
  public static RedisClusterTopology start() {
    return start(RedisClusterOptions.defaults());
  }

  /**
   * Starts the nodes, forms the cluster and returns once every node reports {@code cluster_state:ok}.
   *
   * @throws IllegalStateException if that takes longer than the options' start timeout; everything started is killed
   */
  public static RedisClusterTopology start(RedisClusterOptions options) {
    RedisClusterTopology topology = new RedisClusterTopology(Objects.requireNonNull(options, "options"));
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

  /** Returns the options the cluster was started with. */
  public RedisClusterOptions options() {
    return options;
  }

  /** Returns every node as {@code 127.0.0.1:p1,127.0.0.1:p2,...}, masters first, for a cluster client's seed list. */
  public String nodes() {
    return all().stream().map(node -> RedisServer.HOST + ":" + node.port()).collect(Collectors.joining(","));
  }

  /** Returns the servers started as masters, in slot order: master 0 took the first share of the slots. */
  public List<RedisServer> masters() {
    return List.copyOf(masters);
  }

  /** Returns the servers started as replicas, those of master 0 first. */
  public List<RedisServer> replicas() {
    return replicasByMaster.stream().flatMap(List::stream).toList();
  }

  /** Returns the replicas started for {@code master}, one of {@link #masters()}. */
  public List<RedisServer> replicasOf(RedisServer master) {
    return List.copyOf(replicasByMaster.get(indexOf(master)));
  }

  /** Returns the cluster node id of {@code node} ({@code CLUSTER MYID}). */
  public String nodeId(RedisServer node) {
    return Objects.requireNonNull(ids.get(node), () -> node + " is not a node of this cluster");
  }

  /** Returns the master that serves {@code slot} as the first running node sees it now. */
  public RedisServer masterFor(int slot) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("slot must be between 0 and " + (SLOTS - 1) + ", got " + slot);
    }
    RedisServer observer = anyRunning();
    for (ClusterNode node : ClusterNode.parse(observer.command("CLUSTER", "NODES"))) {
      if (node.isMaster() && !node.flags().contains("fail") && node.serves(slot)) {
        return serverAt(node.port());
      }
    }
    throw new IllegalStateException("no live master serves slot " + slot + " as " + observer + " sees it");
  }

  /** Returns the master that serves {@code key}'s slot, hash tags included ({@code CLUSTER KEYSLOT}). */
  public RedisServer masterForKey(String key) {
    return masterFor(Math.toIntExact((Long) anyRunning().command("CLUSTER", "KEYSLOT", key)));
  }

  /** Kills {@code masters().get(index)} with {@code SIGKILL}, whatever its role now, and returns it. */
  public RedisServer killMaster(int index) {
    RedisServer target = masters.get(index);
    target.kill();
    return target;
  }

  /**
   * Waits until a replica of {@code killed} serves its slots as a master, in the view of every other running node,
   * and every other running node reports {@code cluster_state:ok}.
   *
   * @param killed one of {@link #masters()} that still served its original slots
   * @return the promoted replica
   * @throws IllegalStateException if that takes longer than {@code max}, with what the nodes last reported
   */
  public RedisServer awaitFailover(RedisServer killed, Duration max) {
    int index = indexOf(killed);
    List<RedisServer> candidates = replicasByMaster.get(index);
    if (candidates.isEmpty()) {
      throw new IllegalStateException(killed + " has no replica to promote");
    }
    SlotRange slots = ClusterFormation.slotsOf(index, masters.size());
    return Await.until(max, "a replica of " + killed + " to serve slots " + slots.first() + "-" + slots.last(),
        () -> promotedFor(killed, slots.first(), candidates));
  }

  /** Kills every process and deletes their directories. */
  @Override
  public void close() {
    group.close();
  }

  @Override
  public String toString() {
    return "RedisClusterTopology[masters " + masters + ", replicas " + replicas() + "]";
  }

  private void launch() {
    for (int i = 0; i < options.masters(); i++) {
      masters.add(startNode());
    }
    for (int i = 0; i < options.masters(); i++) {
      List<RedisServer> replicas = new ArrayList<>();
      for (int r = 0; r < options.replicasPerMaster(); r++) {
        replicas.add(startNode());
      }
      replicasByMaster.add(replicas);
    }
    ids = ClusterFormation.form(masters, replicasByMaster, busPorts, options.startTimeout());
  }

  private RedisServer promotedFor(RedisServer killed, int slot, List<RedisServer> candidates) {
    RedisServer promoted = null;
    for (RedisServer survivor : all()) {
      if (survivor == killed || !survivor.isRunning()) {
        continue;
      }
      String state = RespClient.infoFields(survivor.command("CLUSTER", "INFO")).get("cluster_state");
      if (!"ok".equals(state)) {
        throw new IllegalStateException(survivor.port() + " reports cluster_state:" + state);
      }
      ClusterNode owner = ClusterNode.parse(survivor.command("CLUSTER", "NODES")).stream()
          .filter(node -> node.isMaster() && node.serves(slot))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(survivor.port() + " sees no master of slot " + slot));
      RedisServer server = serverAt(owner.port());
      if (!candidates.contains(server) || (promoted != null && promoted != server)) {
        throw new IllegalStateException(survivor.port() + " sees slot " + slot + " served by " + owner.port());
      }
      promoted = server;
    }
    if (promoted == null) {
      throw new IllegalStateException("no node but " + killed + " is running");
    }
    String role = promoted.info("replication").get("role");
    if (!"master".equals(role)) {
      throw new IllegalStateException(promoted.port() + " serves slot " + slot + " but says role:" + role);
    }
    return promoted;
  }

  /**
   * Starts a node with a free cluster bus port, trying another if that port is taken before redis-server binds it,
   * which the retries of {@link ServerStarter} for the client port cannot fix.
   */
  private RedisServer startNode() {
    for (int attempt = 1; ; attempt++) {
      int busPort = ServerStarter.freePort();
      try {
        RedisServer node = group.start(nodeOptions(busPort));
        busPorts.put(node, busPort);
        return node;
      } catch (IllegalStateException e) {
        // redis-server logs "Failed listening on port <bus port> (cluster)"; the failed server stays in the group,
        // which deletes its directory on close.
        if (attempt == BUS_PORT_ATTEMPTS || !String.valueOf(e.getMessage()).contains("(cluster)")) {
          throw e;
        }
      }
    }
  }

  private RedisServerOptions nodeOptions(int busPort) {
    RedisServerOptions.Builder builder = RedisServerOptions.builder().args(
        "--cluster-enabled", "yes",
        "--cluster-config-file", "nodes.conf",
        "--cluster-port", String.valueOf(busPort),
        "--cluster-node-timeout", String.valueOf(options.nodeTimeout().toMillis()),
        "--cluster-replica-validity-factor", "0",
        "--repl-diskless-sync-delay", "0");
    options.password().ifPresent(password -> builder.password(password).args("--masterauth", password));
    return builder.build();
  }

  private List<RedisServer> all() {
    List<RedisServer> all = new ArrayList<>(masters);
    all.addAll(replicas());
    return all;
  }

  private int indexOf(RedisServer master) {
    int index = masters.indexOf(master);
    if (index < 0) {
      throw new IllegalArgumentException(master + " is not one of this cluster's masters()");
    }
    return index;
  }

  private RedisServer anyRunning() {
    return all().stream().filter(RedisServer::isRunning).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
  }

  private RedisServer serverAt(int port) {
    return all().stream().filter(node -> node.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("port " + port + " is not a node this topology started"));
  }
}
