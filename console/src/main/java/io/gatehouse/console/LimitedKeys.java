package io.gatehouse.console;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which keys were refused most in the last hour, per limiter: the console's "top limited keys". Counts live in
 * sixty one-minute buckets; each bucket holds at most {@value #KEYS_PER_MINUTE} distinct keys, and refusals of keys
 * beyond that are not listed (a flood from many addresses shows in the refusal chart instead), so memory stays
 * bounded whatever the traffic. Keys are what the limiter counts under: a client key such as {@code ip4:203.0.113.7}
 * or a username's hashed key.
 */
final class LimitedKeys {

  static final int KEYS_PER_MINUTE = 1000;
  private static final int BUCKETS = 60;
  private static final long MINUTE = 60_000L;

  private final Clock clock;
  private final Bucket[] buckets = new Bucket[BUCKETS];

  LimitedKeys(Clock clock) {
    this.clock = clock;
  }

  /** Counts one refusal of {@code key} by {@code limiter}; {@code shadow} for one only reported. */
  synchronized void refused(String limiter, String key, boolean shadow) {
    long minute = clock.millis() / MINUTE;
    int index = (int) Math.floorMod(minute, BUCKETS);
    Bucket bucket = buckets[index];
    if (bucket == null || bucket.minute != minute) {
      bucket = new Bucket(minute);
      buckets[index] = bucket;
    }
    Entry entry = new Entry(limiter, key, shadow);
    if (bucket.counts.containsKey(entry) || bucket.counts.size() < KEYS_PER_MINUTE) {
      bucket.counts.merge(entry, 1L, Long::sum);
    }
  }

  /** The {@code limit} most refused keys of the last hour, most refused first. */
  synchronized List<Top> top(int limit) {
    long minute = clock.millis() / MINUTE;
    Map<Entry, Long> totals = new HashMap<>();
    for (Bucket bucket : buckets) {
      if (bucket != null && bucket.minute > minute - BUCKETS) {
        bucket.counts.forEach((entry, count) -> totals.merge(entry, count, Long::sum));
      }
    }
    List<Top> top = new ArrayList<>();
    totals.forEach((entry, count) -> top.add(new Top(entry.limiter, entry.key, entry.shadow, count)));
    top.sort(Comparator.comparingLong(Top::refusals).reversed().thenComparing(Top::limiter).thenComparing(Top::key));
    return top.size() > limit ? List.copyOf(top.subList(0, limit)) : top;
  }

  /** A key's refusals by one limiter in the last hour. */
  record Top(String limiter, String key, boolean shadow, long refusals) {}

  private record Entry(String limiter, String key, boolean shadow) {}

  private static final class Bucket {
    final long minute;
    final Map<Entry, Long> counts = new HashMap<>();

    Bucket(long minute) {
      this.minute = minute;
    }
  }
}
