package io.gatehouse.onetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OneTimeValues} must have. Each implementation's test extends this class and says how
 * to make a store and let time pass; durations are multiples of {@link #unit()}, so a store on real time (Redis)
 * can use short ones.
 */
public abstract class OneTimeValuesContract {

  /** The store under test. */
  protected abstract OneTimeValues store();

  /** Lets at least {@code duration} pass as the store sees it. */
  protected abstract void elapse(Duration duration);

  /** The time unit of the tests: a minute on a fake clock, a few hundred milliseconds on a real server. */
  protected abstract Duration unit();

  private static String key() {
    return "test:" + UUID.randomUUID();
  }

  @Test
  void take_returnsTheValueOnce() {
    String key = key();
    store().put(key, "v1", unit().multipliedBy(10));

    assertThat(store().take(key)).contains("v1");
    assertThat(store().take(key)).isEmpty();
    assertThat(store().get(key)).isEmpty();
  }

  @Test
  void get_leavesTheValue() {
    String key = key();
    store().put(key, "v1", unit().multipliedBy(10));

    assertThat(store().get(key)).contains("v1");
    assertThat(store().get(key)).contains("v1");
  }

  @Test
  void unknownKey_isEmpty() {
    assertThat(store().get(key())).isEmpty();
    assertThat(store().take(key())).isEmpty();
  }

  @Test
  void put_replaces() {
    String key = key();
    store().put(key, "v1", unit().multipliedBy(10));
    store().put(key, "v2", unit().multipliedBy(10));

    assertThat(store().take(key)).contains("v2");
  }

  @Test
  void putIfAbsent_writesOnlyTheFirst() {
    String key = key();
    assertThat(store().putIfAbsent(key, "first", unit().multipliedBy(10))).isTrue();
    assertThat(store().putIfAbsent(key, "second", unit().multipliedBy(10))).isFalse();

    assertThat(store().get(key)).contains("first");
  }

  @Test
  void value_expiresAfterItsTtl() {
    String key = key();
    String other = key();
    store().put(key, "short", unit());
    store().put(other, "long", unit().multipliedBy(100));

    elapse(unit().multipliedBy(2));

    assertThat(store().get(key)).isEmpty();
    assertThat(store().take(key)).isEmpty();
    assertThat(store().get(other)).contains("long");
  }

  @Test
  void putIfAbsent_afterExpiry_writes() {
    String key = key();
    store().putIfAbsent(key, "old", unit());
    elapse(unit().multipliedBy(2));

    assertThat(store().putIfAbsent(key, "new", unit().multipliedBy(10))).isTrue();
    assertThat(store().get(key)).contains("new");
  }

  @Test
  void emptyValue_isAValue() {
    String key = key();
    store().put(key, "", unit().multipliedBy(10));

    assertThat(store().take(key)).contains("");
  }

  @Test
  void take_racing_onlyOneWins() throws Exception {
    String key = key();
    store().put(key, "once", unit().multipliedBy(100));
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Optional<String>>> takers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        takers.add(() -> store().take(key));
      }
      int winners = 0;
      for (Future<Optional<String>> result : threads.invokeAll(takers)) {
        winners += result.get().isPresent() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void badKey_isRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> store().put("has space", "v", unit()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("one-time value key must be 1 to 200 printable ASCII characters without spaces, got 9 characters");
    assertThatThrownBy(() -> store().take("x".repeat(201))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().get("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badTtl_isRefused() {
    assertThatThrownBy(() -> store().put(key(), "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("one-time value ttl must be at least 1 ms, got PT0S");
  }
}
