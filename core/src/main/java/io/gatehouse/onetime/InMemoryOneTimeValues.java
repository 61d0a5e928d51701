package io.gatehouse.onetime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One-time values in this process's memory: for a single instance, for tests, and as the failover fallback.
 *
 * <p>A Caffeine cache bounded by entries whose per-entry expiry is each value's own deadline. Deadlines are also
 * checked against the clock on every read, and the atomic steps ({@code take}, {@code putIfAbsent}) run inside the
 * map's {@code compute}, so correctness does not depend on when Caffeine evicts.
 */
final class InMemoryOneTimeValues implements OneTimeValues {

  private final Clock clock;
  private final Cache<String, Entry> entries;

  InMemoryOneTimeValues(Clock clock, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
    }
    this.entries = Caffeine.newBuilder()
        .ticker(() -> toNanos(clock.instant()))
        .maximumSize(maxEntries)
        .expireAfter(new UntilDeadline())
        .executor(Runnable::run)
        .build();
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    OneTimeValues.checkKey(key);
    OneTimeValues.checkValue(value, ttl);
    entries.put(key, new Entry(value, clock.instant().plus(ttl)));
  }

  @Override
  public boolean putIfAbsent(String key, String value, Duration ttl) {
    OneTimeValues.checkKey(key);
    OneTimeValues.checkValue(value, ttl);
    Instant now = clock.instant();
    Entry fresh = new Entry(value, now.plus(ttl));
    return entries.asMap().compute(key, (k, old) -> old != null && old.liveAt(now) ? old : fresh) == fresh;
  }

  @Override
  public Optional<String> get(String key) {
    OneTimeValues.checkKey(key);
    Entry entry = entries.getIfPresent(key);
    return entry != null && entry.liveAt(clock.instant()) ? Optional.of(entry.value) : Optional.empty();
  }

  @Override
  public Optional<String> take(String key) {
    OneTimeValues.checkKey(key);
    Entry entry = entries.asMap().remove(key);
    return entry != null && entry.liveAt(clock.instant()) ? Optional.of(entry.value) : Optional.empty();
  }

  @Override
  public String toString() {
    return "InMemoryOneTimeValues{entries=" + entries.estimatedSize() + "}";
  }

  private static long toNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private record Entry(String value, Instant deadline) {
    boolean liveAt(Instant now) {
      return now.isBefore(deadline);
    }
  }

  private final class UntilDeadline implements Expiry<String, Entry> {
    @Override
    public long expireAfterCreate(String key, Entry entry, long currentTime) {
      return Math.max(0, toNanos(entry.deadline) - toNanos(clock.instant()));
    }

    @Override
    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
      return expireAfterCreate(key, entry, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
