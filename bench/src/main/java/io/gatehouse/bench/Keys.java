package io.gatehouse.bench;

import java.util.concurrent.ThreadLocalRandom;

/** Which keys the calls of a benchmark go to: one hot key, or 10,000 keys drawn uniformly at random per call. */
public enum Keys {
  /** Every call, on every thread, uses the same key: the worst case for contention on one key. */
  HOT(1),
  /** Each call draws one of 10,000 keys uniformly at random: many clients, no contention on any one key. */
  RANDOM_10K(10_000);

  private final int count;

  Keys(int count) {
    this.count = count;
  }

  /** How many distinct keys there are. */
  int count() {
    return count;
  }

  /** The index of the key for the next call, from 0 to {@link #count()} - 1. */
  int next() {
    return count == 1 ? 0 : ThreadLocalRandom.current().nextInt(count);
  }
}
