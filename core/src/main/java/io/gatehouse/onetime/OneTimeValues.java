package io.gatehouse.onetime;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A store of small expiring string values under string keys, made for values that are read once: an OAuth
 * {@code state} with its nonce and PKCE verifier, a token id already seen (replay), a short lock.
 *
 * <p>{@link #take} reads and deletes in one step, so of two instances that race for the same key exactly one gets
 * the value; {@link #putIfAbsent} writes only if nothing is there, so of two writers exactly one wins. On Redis
 * these are {@code GETDEL} and {@code SET NX PX}. Every value carries its own time to live and is gone after it.
 *
 * <p>A remote implementation throws {@link io.gatehouse.spi.StoreUnavailableException} when its store cannot be
 * reached in time, and nothing else for an outage. All implementations pass {@code OneTimeValuesContract} in the
 * core test-jar. Every method is thread-safe.
 */
public interface OneTimeValues extends AutoCloseable {

  /** Longest key accepted. */
  int MAX_KEY_LENGTH = 200;
  /** Longest value accepted, in characters. */
  int MAX_VALUE_LENGTH = 16 * 1024;
  /** Entries the in-memory store holds at most by default; beyond it the least recently used are dropped. */
  int DEFAULT_MAX_IN_MEMORY = 100_000;

  /** Writes {@code value} under {@code key} for {@code ttl}, replacing what was there. */
  void put(String key, String value, Duration ttl);

  /**
   * Writes {@code value} under {@code key} for {@code ttl} only if no live value is there.
   *
   * @return whether it was written
   */
  boolean putIfAbsent(String key, String value, Duration ttl);

  /** The live value under {@code key}, leaving it there. */
  Optional<String> get(String key);

  /** The live value under {@code key}, deleted in the same step: only one caller ever gets it. */
  Optional<String> take(String key);

  /** Releases resources. The default does nothing. */
  @Override
  default void close() {}

  /** An in-memory store: thread-safe, expiring, at most {@code maxEntries} entries. */
  static OneTimeValues inMemory(Clock clock, int maxEntries) {
    return new InMemoryOneTimeValues(clock, maxEntries);
  }

  /**
   * Checks a key: 1 to {@value #MAX_KEY_LENGTH} printable ASCII characters without spaces.
   *
   * @throws IllegalArgumentException quoting the rule, if it breaks it (the key itself is not quoted: it may be
   *     derived from a secret)
   */
  static String checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH
        || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("one-time value key must be 1 to " + MAX_KEY_LENGTH
          + " printable ASCII characters without spaces, got " + (key == null ? "null" : key.length() + " characters"));
    }
    return key;
  }

  /** Checks a value and its time to live: 0 to {@value #MAX_VALUE_LENGTH} characters, at least one millisecond. */
  static void checkValue(String value, Duration ttl) {
    if (value == null || value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("one-time value must be 0 to " + MAX_VALUE_LENGTH + " characters, got "
          + (value == null ? "null" : value.length()));
    }
    if (ttl == null || ttl.toMillis() < 1) {
      throw new IllegalArgumentException("one-time value ttl must be at least 1 ms, got " + ttl);
    }
  }
}
