package io.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RateLimitBackend} must have, for both policies. Each implementation's test extends this
 * class and says how to build a limiter and how to let time pass; the tests are the same for all.
 */
public abstract class RateLimiterContract {

  private final List<RateLimitBackend> opened = new ArrayList<>();

  /** A new limiter with no counts. Limiters built by one test with the same name share counts. */
  protected abstract RateLimitBackend newLimiter(String name, RateLimit limit);

  /**
   * A second limiter on the same counts as {@code limiter}, as another application instance would have (its own
   * connection, for a remote store). An in-memory limiter may return {@code limiter} itself.
   */
  protected abstract RateLimitBackend peerOf(RateLimitBackend limiter, String name);

  /** Lets at least {@code duration} pass on the limiter's clock. */
  protected abstract void elapse(Duration duration);

  /** The limiter's current time. */
  protected abstract Instant now();

  /** The time unit of the window tests: long enough for a round trip to be negligible against it. */
  protected abstract Duration unit();

  private RateLimitBackend limiter(String name, RateLimit limit) {
    RateLimitBackend limiter = newLimiter(name, limit);
    opened.add(limiter);
    return limiter;
  }

  @AfterEach
  void closeLimiters() {
    opened.forEach(RateLimitBackend::close);
  }

  @Test
  void slidingWindow_admitsLimitThenDenies() {
    RateLimitBackend limiter = limiter("login", RateLimit.slidingWindow(5, unit().multipliedBy(100)));
    for (int i = 4; i >= 0; i--) {
      RateLimitDecision decision = limiter.tryAcquire("10.0.0.1");
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.remaining()).isEqualTo(i);
      assertThat(decision.limit()).isEqualTo(5);
      assertThat(decision.retryAfter()).isZero();
    }
    RateLimitDecision denied = limiter.tryAcquire("10.0.0.1");
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.remaining()).isZero();
    assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(unit().multipliedBy(100));
    assertThat(denied.retryAfter()).isGreaterThan(unit().multipliedBy(90));
    assertThat(denied.resetAfter()).isGreaterThanOrEqualTo(denied.retryAfter());
    assertThat(limiter.tryAcquire("10.0.0.2").allowed()).as("another key").isTrue();
  }

  @Test
  void slidingWindow_isExactAcrossTheWindow() {
    RateLimitBackend limiter = limiter("login", RateLimit.slidingWindow(4, unit().multipliedBy(20)));
    limiter.tryAcquire("k", 3);
    elapse(unit().multipliedBy(10));
    assertThat(limiter.tryAcquire("k").allowed()).isTrue();
    RateLimitDecision denied = limiter.tryAcquire("k");
    assertThat(denied.allowed()).as("4 events within the last 20 units").isFalse();
    assertThat(denied.retryAfter()).as("until the first three leave the window")
        .isLessThanOrEqualTo(unit().multipliedBy(10)).isPositive();

    elapse(denied.retryAfter());
    RateLimitDecision allowed = limiter.tryAcquire("k", 3);
    assertThat(allowed.allowed()).as("the first three have left the window").isTrue();
    assertThat(allowed.remaining()).isZero();
    assertThat(limiter.tryAcquire("k").allowed()).as("the fourth is still inside it").isFalse();
  }

  @Test
  void tryAcquire_permits_areAllOrNothing() {
    RateLimitBackend limiter = limiter("bulk", RateLimit.slidingWindow(5, unit().multipliedBy(100)));
    assertThat(limiter.tryAcquire("k", 3).allowed()).isTrue();
    RateLimitDecision denied = limiter.tryAcquire("k", 3);
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.remaining()).isEqualTo(2);
    assertThat(limiter.tryAcquire("k", 2).allowed()).as("nothing was taken by the denied request").isTrue();
  }

  @Test
  void peek_consumesNothing() {
    for (RateLimit limit : List.of(RateLimit.slidingWindow(2, unit().multipliedBy(100)),
        RateLimit.tokenBucket(1, unit().multipliedBy(100), 2))) {
      RateLimitBackend limiter = limiter("peek", limit);
      String key = "peek-" + limit.getClass().getSimpleName();
      assertThat(limiter.peek(key).allowed()).isTrue();
      assertThat(limiter.peek(key).remaining()).isEqualTo(2);
      limiter.tryAcquire(key);
      limiter.tryAcquire(key);
      RateLimitDecision peeked = limiter.peek(key);
      assertThat(peeked.allowed()).isFalse();
      assertThat(peeked.retryAfter()).isPositive();
      assertThat(limiter.peek(key).remaining()).isZero();
    }
  }

  @Test
  void reset_forgetsTheKey() {
    for (RateLimit limit : List.of(RateLimit.slidingWindow(1, unit().multipliedBy(100)),
        RateLimit.tokenBucket(1, unit().multipliedBy(100), 1))) {
      RateLimitBackend limiter = limiter("reset", limit);
      String key = "reset-" + limit.getClass().getSimpleName();
      assertThat(limiter.tryAcquire(key).allowed()).isTrue();
      assertThat(limiter.tryAcquire(key).allowed()).isFalse();
      limiter.reset(key);
      assertThat(limiter.tryAcquire(key).allowed()).isTrue();
    }
  }

  @Test
  void tokenBucket_allowsBurstThenSteadyRate() {
    // 1 permit per 10 units, bursts of 3.
    RateLimitBackend limiter = limiter("api", RateLimit.tokenBucket(1, unit().multipliedBy(10), 3));
    for (int i = 2; i >= 0; i--) {
      RateLimitDecision decision = limiter.tryAcquire("client");
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.remaining()).isEqualTo(i);
      assertThat(decision.limit()).isEqualTo(3);
    }
    RateLimitDecision denied = limiter.tryAcquire("client");
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(unit().multipliedBy(10));
    assertThat(denied.resetAfter()).isGreaterThan(unit().multipliedBy(20)).isLessThanOrEqualTo(unit().multipliedBy(30));

    elapse(denied.retryAfter());
    assertThat(limiter.tryAcquire("client").allowed()).as("one permit refilled").isTrue();
    assertThat(limiter.tryAcquire("client").allowed()).isFalse();
  }

  @Test
  void limitersWithDifferentNames_doNotShareCounts() {
    RateLimit limit = RateLimit.slidingWindow(1, unit().multipliedBy(100));
    RateLimitBackend login = limiter("login", limit);
    RateLimitBackend signup = limiter("signup", limit);
    assertThat(login.tryAcquire("k").allowed()).isTrue();
    assertThat(signup.tryAcquire("k").allowed()).isTrue();
  }

  @Test
  void badArguments_areRejectedWithTheRule() {
    RateLimitBackend limiter = limiter("args", RateLimit.slidingWindow(5, unit().multipliedBy(100)));
    assertThatThrownBy(() -> limiter.tryAcquire("k", 6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be between 1 and the policy's capacity 5, got 6");
    assertThatThrownBy(() -> limiter.tryAcquire("k", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be between 1 and the policy's capacity 5, got 0");
    assertThatThrownBy(() -> limiter.tryAcquire(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit key must not be null or empty, got null");
    assertThatThrownBy(() -> limiter.tryAcquire("x".repeat(513))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit key must be at most 512 characters, got 513");
  }

  @Test
  void keys_mayHoldAnyCharacters() {
    RateLimitBackend limiter = limiter("chars", RateLimit.slidingWindow(1, unit().multipliedBy(100)));
    for (String key : List.of("2001:db8::1", "user@example.com", "{tag}", "spaces and\ttabs", "zoë", "*")) {
      assertThat(limiter.tryAcquire(key).allowed()).as(key).isTrue();
      assertThat(limiter.tryAcquire(key).allowed()).as(key).isFalse();
    }
  }

  @Test
  void concurrentAcquires_fromTwoInstances_admitExactlyTheLimit() throws Exception {
    for (RateLimit limit : List.of(RateLimit.slidingWindow(50, Duration.ofHours(1)),
        RateLimit.tokenBucket(1, Duration.ofHours(1), 50))) {
      String name = "race-" + limit.getClass().getSimpleName();
      RateLimitBackend a = limiter(name, limit);
      RateLimitBackend b = peerOf(a, name);
      AtomicInteger admitted = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
          RateLimitBackend mine = t % 2 == 0 ? a : b;
          work.add(() -> {
            start.await();
            for (int i = 0; i < 10; i++) {
              if (mine.tryAcquire("hot").allowed()) {
                admitted.incrementAndGet();
              }
            }
            return null;
          });
        }
        List<Future<Void>> results = new ArrayList<>();
        work.forEach(w -> results.add(pool.submit(w)));
        start.countDown();
        for (Future<Void> result : results) {
          result.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(admitted.get()).as("%s: 320 attempts on a limit of 50", limit).isEqualTo(50);
    }
  }

  // --- release: a permit taken before the work, given back when the work does not count

  @Test
  void release_slidingWindow_givesBackTheMostRecentPermit() {
    RateLimitBackend limiter = limiter("release", RateLimit.slidingWindow(3, unit().multipliedBy(20)));
    limiter.tryAcquire("k");
    elapse(unit().multipliedBy(10));
    limiter.tryAcquire("k", 2);

    limiter.release("k");

    assertThat(limiter.peek("k").remaining()).isEqualTo(1);
    assertThat(limiter.tryAcquire("k").allowed()).as("the permit given back").isTrue();
    RateLimitDecision denied = limiter.tryAcquire("k");
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.retryAfter()).as("the oldest event was kept: it frees a permit first")
        .isPositive().isLessThanOrEqualTo(unit().multipliedBy(10));
  }

  @Test
  void release_tokenBucket_givesATokenBack() {
    RateLimitBackend limiter = limiter("release", RateLimit.tokenBucket(1, unit().multipliedBy(100), 2));
    limiter.tryAcquire("k", 2);
    assertThat(limiter.tryAcquire("k").allowed()).isFalse();

    limiter.release("k");

    assertThat(limiter.tryAcquire("k").allowed()).as("the token given back").isTrue();
    assertThat(limiter.tryAcquire("k").allowed()).isFalse();
  }

  @Test
  void release_neverBeyondFullCapacity() {
    for (RateLimit limit : List.of(RateLimit.slidingWindow(3, unit().multipliedBy(100)),
        RateLimit.tokenBucket(1, unit().multipliedBy(100), 3))) {
      RateLimitBackend limiter = limiter("full", limit);
      String key = "full-" + limit.getClass().getSimpleName();
      limiter.release(key, 3);
      assertThat(limiter.peek(key).remaining()).as("%s: nothing taken, nothing to give back", limit).isEqualTo(3);

      limiter.tryAcquire(key);
      limiter.release(key, 2);

      assertThat(limiter.peek(key).remaining()).as("%s: one taken, two given back", limit).isEqualTo(3);
      assertThat(limiter.tryAcquire(key, 3).allowed()).isTrue();
      assertThat(limiter.tryAcquire(key).allowed()).as("%s: never more than the capacity", limit).isFalse();
    }
  }

  @Test
  void release_afterThePermitLeftTheWindow_givesNothingExtra() {
    RateLimitBackend limiter = limiter("late", RateLimit.slidingWindow(2, unit().multipliedBy(10)));
    limiter.tryAcquire("k");
    elapse(unit().multipliedBy(10));
    limiter.tryAcquire("k");

    limiter.release("k");

    assertThat(limiter.peek("k").remaining()).isEqualTo(2);
    assertThat(limiter.tryAcquire("k", 2).allowed()).isTrue();
    assertThat(limiter.tryAcquire("k").allowed()).isFalse();
  }

  @Test
  void release_onAnotherInstance_givesBackThePermitTakenOnThis() {
    for (RateLimit limit : List.of(RateLimit.slidingWindow(2, unit().multipliedBy(100)),
        RateLimit.tokenBucket(1, unit().multipliedBy(100), 2))) {
      String name = "peer-release-" + limit.getClass().getSimpleName();
      RateLimitBackend a = limiter(name, limit);
      RateLimitBackend b = peerOf(a, name);
      a.tryAcquire("k", 2);

      b.release("k");

      assertThat(a.tryAcquire("k").allowed()).as("%s", limit).isTrue();
      assertThat(a.tryAcquire("k").allowed()).as("%s", limit).isFalse();
    }
  }

  @Test
  void release_badArguments_areRejectedWithTheRule() {
    RateLimitBackend limiter = limiter("args", RateLimit.slidingWindow(5, unit().multipliedBy(100)));
    assertThatThrownBy(() -> limiter.release("k", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be between 1 and the policy's capacity 5, got 0");
    assertThatThrownBy(() -> limiter.release("k", 6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be between 1 and the policy's capacity 5, got 6");
    assertThatThrownBy(() -> limiter.release(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit key must not be null or empty, got null");
  }

  @Test
  void concurrentTakeThenGiveBack_fromTwoInstances_neverHoldMoreThanTheLimit() throws Exception {
    for (RateLimit limit : List.of(RateLimit.slidingWindow(5, Duration.ofHours(1)),
        RateLimit.tokenBucket(1, Duration.ofHours(1), 5))) {
      String name = "hold-" + limit.getClass().getSimpleName();
      RateLimitBackend a = limiter(name, limit);
      RateLimitBackend b = peerOf(a, name);
      AtomicInteger held = new AtomicInteger();
      AtomicInteger mostHeld = new AtomicInteger();
      AtomicInteger granted = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<?>> results = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          RateLimitBackend mine = t % 2 == 0 ? a : b;
          results.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < 20; i++) {
              if (mine.tryAcquire("hot").allowed()) {
                granted.incrementAndGet();
                mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                held.decrementAndGet();
                mine.release("hot");
              }
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> result : results) {
          result.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(mostHeld.get()).as("%s: permits held at once", limit).isBetween(1, 5);
      assertThat(granted.get()).as("%s: given back, so granted again and again", limit).isGreaterThan(5);
      assertThat(a.peek("hot").remaining()).as("%s: every permit given back", limit).isEqualTo(5);
    }
  }

  @Test
  void record_countsEventsFromElsewhere_untilTheyLeaveTheWindow() {
    RateLimitBackend limiter = limiter("record", RateLimit.slidingWindow(3, unit().multipliedBy(20)));
    Instant now = now();
    limiter.record("k", List.of(now.minus(unit()), now.minus(unit().multipliedBy(2)),
        now.minus(unit().multipliedBy(30))));
    RateLimitDecision decision = limiter.tryAcquire("k");
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.remaining()).as("two recorded events count, the one outside the window does not").isZero();
    RateLimitDecision denied = limiter.tryAcquire("k");
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.retryAfter()).isLessThanOrEqualTo(unit().multipliedBy(18)).isPositive();
  }

  @Test
  void record_usesUpATokenBucket() {
    RateLimitBackend limiter = limiter("record", RateLimit.tokenBucket(1, unit().multipliedBy(10), 3));
    Instant now = now();
    limiter.record("k", List.of(now, now, now));
    RateLimitDecision denied = limiter.tryAcquire("k");
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(unit().multipliedBy(10));
    limiter.record("old", List.of(now.minus(unit().multipliedBy(100))));
    assertThat(limiter.tryAcquire("old").remaining()).as("long refilled").isEqualTo(2);
  }

  @Test
  void shadow_neverRefuses_andFlagsExactlyWhatTheEnforcingLimiterRefuses() {
    for (RateLimit limit : List.of(RateLimit.slidingWindow(3, unit().multipliedBy(100)),
        RateLimit.tokenBucket(1, unit().multipliedBy(100), 3))) {
      String kind = limit instanceof RateLimit.SlidingWindow ? "window" : "bucket";
      RateLimiter enforcing = limiter("enforcing-" + kind, limit);
      RateLimiter shadow = RateLimiter.shadow(limiter("shadow-" + kind, limit));
      int refused = 0;
      int flagged = 0;
      for (int i = 0; i < 10; i++) {
        int permits = i % 3 == 0 ? 2 : 1;
        RateLimitDecision enforced = enforcing.tryAcquire("k", permits);
        RateLimitDecision shadowed = shadow.tryAcquire("k", permits);
        assertThat(shadowed.allowed()).as("%s: a shadow never refuses", limit).isTrue();
        assertThat(shadowed.shadowRefused()).as("%s, attempt %d", limit, i).isEqualTo(!enforced.allowed());
        assertThat(shadowed.remaining()).as("%s: same counts", limit).isEqualTo(enforced.remaining());
        refused += enforced.allowed() ? 0 : 1;
        flagged += shadowed.shadowRefused() ? 1 : 0;
      }
      assertThat(flagged).as("%s", limit).isEqualTo(refused).isPositive();
      assertThat(enforcing.peek("k").allowed()).isFalse();
      RateLimitDecision peeked = shadow.peek("k");
      assertThat(peeked.allowed()).isTrue();
      assertThat(peeked.shadowRefused()).isTrue();
      assertThat(peeked.retryAfter()).as("what the enforcing limiter would say").isPositive();
    }
  }

  @Test
  void shadow_reset_forgetsTheKeyInTheEnforcingCounts() {
    RateLimitBackend counts = limiter("shadow", RateLimit.slidingWindow(1, unit().multipliedBy(100)));
    RateLimiter shadow = RateLimiter.shadow(counts);
    shadow.tryAcquire("k");
    assertThat(shadow.tryAcquire("k").shadowRefused()).isTrue();

    shadow.reset("k");

    RateLimitDecision after = shadow.tryAcquire("k");
    assertThat(after.shadowRefused()).isFalse();
    assertThat(counts.peek("k").allowed()).as("the shadow's permit was counted").isFalse();
    assertThat(shadow.limit()).isEqualTo(counts.limit());
  }
}
