package io.gatehouse.failover;

import io.gatehouse.onetime.OneTimeValues;
import java.time.Duration;
import java.util.Optional;

/**
 * One-time values on the primary while it answers and in memory while it does not.
 *
 * <p>Nothing is written back: these values live minutes, and a value written back after an outage could be taken
 * a second time (one in memory, one on the primary). Instead, a read on the primary that finds nothing also looks
 * in memory, so a login started on this instance during an outage can still finish here after recovery. What is
 * lost: a value written in memory on one instance is unknown to the others until it expires, so a flow started
 * during an outage must finish on the instance that started it (or the user starts it again).
 */
final class FailoverOneTimeValues implements OneTimeValues {

  private final Failover failover;
  private final OneTimeValues primary;
  private final OneTimeValues memory;

  FailoverOneTimeValues(Failover failover, OneTimeValues primary, OneTimeValues memory) {
    this.failover = failover;
    this.primary = primary;
    this.memory = memory;
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    failover.route(() -> {
      primary.put(key, value, ttl);
      return null;
    }, () -> {
      memory.put(key, value, ttl);
      return null;
    });
  }

  @Override
  public boolean putIfAbsent(String key, String value, Duration ttl) {
    return failover.route(() -> primary.putIfAbsent(key, value, ttl), () -> memory.putIfAbsent(key, value, ttl));
  }

  @Override
  public Optional<String> get(String key) {
    return failover.route(() -> primary.get(key).or(() -> memory.get(key)), () -> memory.get(key));
  }

  @Override
  public Optional<String> take(String key) {
    return failover.route(() -> primary.take(key).or(() -> memory.take(key)), () -> memory.take(key));
  }

  @Override
  public void close() {
    primary.close();
    memory.close();
  }

  @Override
  public String toString() {
    return "FailoverOneTimeValues{primary=" + primary + ", mode=" + failover.mode() + "}";
  }
}
