package io.gatehouse.redis.testing;

import io.gatehouse.redis.testing.ClusterNode.SlotRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forms a Redis Cluster from fresh cluster-enabled nodes with plain commands, as {@code redis-cli --cluster create}
 * would, and waits until it is ready.
 *
 * <p>How, and why so? Each node gets a distinct config epoch ({@code CLUSTER SET-CONFIG-EPOCH}, allowed only on a
 * fresh node), so no epoch collisions need resolving. Each master takes an even share of the slots
 * ({@code CLUSTER ADDSLOTSRANGE}, Redis 7.0+). Every node meets every other one directly ({@code CLUSTER MEET} for all
 * pairs, with the explicit bus port, not only through the first node), so nobody waits for gossip to spread. Once every
 * node knows every node, each replica follows its master ({@code CLUSTER REPLICATE}, which needs the master known).
 * The cluster is ready when every node reports {@code cluster_state:ok} with 16384 slots ok and sees every replica
 * under its master, and every replica's link is up. A master waits 2 s after starting before it reports ok
 * (Redis's {@code CLUSTER_WRITABLE_DELAY}), which is most of the formation time.
 */
final class ClusterFormation {

  private final List<RedisServer> masters;
  private final List<List<RedisServer>> replicasByMaster;
  private final List<RedisServer> all = new ArrayList<>();
  private final Map<RedisServer, String> ids = new HashMap<>();

  private ClusterFormation(List<RedisServer> masters, List<List<RedisServer>> replicasByMaster) {
    this.masters = masters;
    this.replicasByMaster = replicasByMaster;
    all.addAll(masters);
    replicasByMaster.forEach(all::addAll);
  }

  /**
   * Forms the cluster and returns each node's id once it is ready.
   *
   * @param replicasByMaster the replicas of each master, in the order of {@code masters}
   * @param busPorts each node's cluster bus port ({@code --cluster-port})
   * @throws IllegalStateException if a stage takes longer than {@code timeout}
   */
  static Map<RedisServer, String> form(List<RedisServer> masters, List<List<RedisServer>> replicasByMaster,
      Map<RedisServer, Integer> busPorts, Duration timeout) {
    ClusterFormation formation = new ClusterFormation(masters, replicasByMaster);
    formation.assignSlots();
    formation.meetAll(busPorts);
    Await.until(timeout, "every node to know all " + formation.all.size() + " nodes", formation::allMet);
    formation.replicate();
    Await.until(timeout, "cluster_state:ok with every replica linked on every node", formation::ready);
    return Map.copyOf(formation.ids);
  }

  /** Returns the slots that master {@code index} of {@code count} serves: an even share, in order. */
  static SlotRange slotsOf(int index, int count) {
    int slots = RedisClusterTopology.SLOTS;
    return new SlotRange(index * slots / count, (index + 1) * slots / count - 1);
  }

  private void assignSlots() {
    for (int i = 0; i < all.size(); i++) {
      ids.put(all.get(i), (String) all.get(i).command("CLUSTER", "MYID"));
      all.get(i).command("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
    }
    for (int i = 0; i < masters.size(); i++) {
      SlotRange slots = slotsOf(i, masters.size());
      masters.get(i).command("CLUSTER", "ADDSLOTSRANGE", String.valueOf(slots.first()), String.valueOf(slots.last()));
    }
  }

  private void meetAll(Map<RedisServer, Integer> busPorts) {
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        RedisServer other = all.get(j);
        all.get(i).command("CLUSTER", "MEET", RedisServer.HOST, String.valueOf(other.port()),
            String.valueOf(busPorts.get(other)));
      }
    }
  }

  private void replicate() {
    for (int i = 0; i < masters.size(); i++) {
      for (RedisServer replica : replicasByMaster.get(i)) {
        replica.command("CLUSTER", "REPLICATE", ids.get(masters.get(i)));
      }
    }
  }

  private Boolean allMet() {
    for (RedisServer node : all) {
      List<ClusterNode> view = ClusterNode.parse(node.command("CLUSTER", "NODES"));
      boolean settled = view.stream().noneMatch(seen -> seen.flags().contains("handshake")
          || seen.flags().contains("noaddr") || "disconnected".equals(seen.linkState()));
      if (view.size() != all.size() || !settled) {
        throw new IllegalStateException(node.port() + " knows " + view.size() + " nodes, all connected: " + settled);
      }
    }
    return Boolean.TRUE;
  }

  private Boolean ready() {
    Map<String, String> expectedMaster = new HashMap<>();
    for (int i = 0; i < masters.size(); i++) {
      for (RedisServer replica : replicasByMaster.get(i)) {
        expectedMaster.put(ids.get(replica), ids.get(masters.get(i)));
      }
    }
    for (RedisServer node : all) {
      Map<String, String> info = RespClient.infoFields(node.command("CLUSTER", "INFO"));
      if (!"ok".equals(info.get("cluster_state"))
          || !String.valueOf(RedisClusterTopology.SLOTS).equals(info.get("cluster_slots_ok"))) {
        throw new IllegalStateException(node.port() + " reports cluster_state:" + info.get("cluster_state")
            + " cluster_slots_ok:" + info.get("cluster_slots_ok"));
      }
      for (ClusterNode seen : ClusterNode.parse(node.command("CLUSTER", "NODES"))) {
        String master = expectedMaster.get(seen.id());
        if (master != null && !master.equals(seen.masterId())) {
          throw new IllegalStateException(node.port() + " does not see " + seen.port() + " as a replica yet");
        }
      }
    }
    for (List<RedisServer> group : replicasByMaster) {
      for (RedisServer replica : group) {
        String link = replica.info("replication").get("master_link_status");
        if (!"up".equals(link)) {
          throw new IllegalStateException("replica " + replica.port() + " has master_link_status:" + link);
        }
      }
    }
    return Boolean.TRUE;
  }
}
