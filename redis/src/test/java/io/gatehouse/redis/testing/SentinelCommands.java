package io.gatehouse.redis.testing;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code SENTINEL} commands that {@link RedisSentinelTopology} sends, with their replies parsed: the whole of the
 * harness's Sentinel footprint in one place.
 */
final class SentinelCommands {

  private SentinelCommands() {}

  /**
   * Returns the master address {@code sentinel} reports for {@code masterName}
   * ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}).
   *
   * @throws IllegalStateException if the sentinel does not know that master
   */
  static InetSocketAddress masterAddress(RedisServer sentinel, String masterName) {
    Object reply = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
    if (!(reply instanceof List<?> address) || address.size() != 2) {
      throw new IllegalStateException("sentinel " + sentinel.port() + " knows no master " + masterName);
    }
    return new InetSocketAddress((String) address.get(0), Integer.parseInt((String) address.get(1)));
  }

  /** Returns the replicas {@code sentinel} knows of, one map of fields ({@code port}, {@code flags}...) each. */
  static List<Map<String, String>> replicas(RedisServer sentinel, String masterName) {
    return entries(sentinel.command("SENTINEL", "REPLICAS", masterName));
  }

  /** Returns the other sentinels {@code sentinel} knows of, one map of fields each. */
  static List<Map<String, String>> otherSentinels(RedisServer sentinel, String masterName) {
    return entries(sentinel.command("SENTINEL", "SENTINELS", masterName));
  }

  /** Maps a reply of flat field-value arrays to one map per entry. */
  private static List<Map<String, String>> entries(Object reply) {
    List<Map<String, String>> entries = new ArrayList<>();
    for (Object entry : (List<?>) reply) {
      List<?> flat = (List<?>) entry;
      Map<String, String> fields = new HashMap<>();
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
      }
      entries.add(fields);
    }
    return entries;
  }
}
