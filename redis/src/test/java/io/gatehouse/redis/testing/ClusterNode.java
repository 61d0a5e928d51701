package io.gatehouse.redis.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One line of {@code CLUSTER NODES}: how one node sees another (or itself) in a Redis Cluster.
 *
 * @param id the node id
 * @param port the client port, from {@code ip:port@cport}
 * @param flags such as {@code myself}, {@code master}, {@code slave}, {@code fail?}, {@code fail},
 *     {@code handshake}, {@code noaddr}
 * @param masterId the id of the node's master, or {@code -} for a master
 * @param linkState {@code connected} or {@code disconnected}
 * @param slotRanges the slots it serves; importing and migrating entries are left out
 */
record ClusterNode(String id, int port, Set<String> flags, String masterId, String linkState,
    List<SlotRange> slotRanges) {

  /** The slots from {@code first} to {@code last}, both included. */
  record SlotRange(int first, int last) {}

  /** Parses the reply of {@code CLUSTER NODES}, one node per line. */
  static List<ClusterNode> parse(Object reply) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (String line : String.valueOf(reply).split("\r?\n")) {
      if (!line.isBlank()) {
        nodes.add(parseLine(line));
      }
    }
    return nodes;
  }

  private static ClusterNode parseLine(String line) {
    String[] fields = line.strip().split(" ");
    // ip:port@cport, followed by ,hostname on Redis 7
    String hostPort = fields[1].split("@")[0];
    int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    List<SlotRange> ranges = new ArrayList<>();
    for (int i = 8; i < fields.length; i++) {
      String slots = fields[i];
      if (!slots.startsWith("[")) {
        int dash = slots.indexOf('-');
        int first = Integer.parseInt(dash < 0 ? slots : slots.substring(0, dash));
        ranges.add(new SlotRange(first, dash < 0 ? first : Integer.parseInt(slots.substring(dash + 1))));
      }
    }
    return new ClusterNode(fields[0], port, Set.of(fields[2].split(",")), fields[3], fields[7], ranges);
  }

  /** Returns whether it is flagged {@code master}. */
  boolean isMaster() {
    return flags.contains("master");
  }

  /** Returns whether it is flagged failed ({@code fail}) or suspected ({@code fail?}). */
  boolean isFailing() {
    return flags.contains("fail") || flags.contains("fail?");
  }

  /** Returns whether it serves {@code slot}. */
  boolean serves(int slot) {
    return slotRanges.stream().anyMatch(range -> range.first() <= slot && slot <= range.last());
  }
}
