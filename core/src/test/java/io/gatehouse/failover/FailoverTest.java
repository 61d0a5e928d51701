package io.gatehouse.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitBackend;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The failover state machine against a primary that can be switched off: detection, answers from memory,
 * write-back and promotion. (Against a real, killed and frozen redis-server: FailoverIT in the redis module.)
 */
class FailoverTest {

  private final Outage outage = new Outage();
  private final FailoverConfig config = FailoverConfig.builder()
      .deadline(Duration.ofMillis(200)).probeInterval(Duration.ofMillis(10)).maxProbeInterval(Duration.ofMillis(40))
      .build();
  private final SessionConfig sessionConfig = SessionConfig.create();
  private final SessionBackend primaryStore = SessionBackend.inMemory(sessionConfig);
  private Failover failover;

  private SessionStore sessions() {
    return failover.sessionStore(outage.wrap(SessionBackend.class, primaryStore), sessionConfig);
  }

  @AfterEach
  void close() {
    if (failover != null) {
      failover.close();
    }
  }

  private void awaitPrimary() {
    await().atMost(Duration.ofSeconds(5)).until(() -> failover.mode() == FailoverMode.PRIMARY);
  }

  @Test
  void notValidBefore_revokeAllWhileDegraded_isReadFromMemory_andFromThePrimaryAfterWriteBack() {
    failover = Failover.create(outage.probe(), config);
    SessionStore sessions = sessions();
    outage.begin();
    sessions.revokeAll("carol");
    Instant marker = sessions.notValidBefore("carol").orElseThrow();
    assertThat(failover.mode()).isEqualTo(FailoverMode.DEGRADED);

    outage.end();
    awaitPrimary();
    assertThat(primaryStore.notValidBefore("carol")).as("written back").contains(marker.minusNanos(1));
    assertThat(sessions.notValidBefore("carol")).as("the later of primary and memory").contains(marker);
  }

  @Test
  void outage_isAnsweredFromMemory_andWrittenBack() {
    failover = Failover.create(outage.probe(), config);
    SessionStore sessions = sessions();
    CreatedSession before = sessions.create("alice", Map.of());
    CreatedSession revokedDuring = sessions.create("bob", Map.of());
    CreatedSession otherDevice = sessions.create("carol", Map.of());

    outage.begin();
    assertThat(sessions.validate(before.token())).as("near cache").isPresent();
    assertThat(failover.mode()).isEqualTo(FailoverMode.DEGRADED);
    CreatedSession during = sessions.create("dave", Map.of("made", "in memory"));
    assertThat(sessions.validate(during.token())).isPresent();
    assertThat(sessions.revoke(revokedDuring.token())).isTrue();
    sessions.revokeAll("carol");
    FailoverStatus status = failover.status();
    assertThat(status.pendingWriteBack()).isEqualTo(4);
    assertThat(status.failovers()).isEqualTo(1);
    assertThat(status.fallbackCalls()).isEqualTo(5);
    assertThat(status.lastError()).isEqualTo("primary unavailable (test outage)");
    assertThat(primaryStore.validate(during.token())).as("not yet written").isEmpty();

    outage.end();
    awaitPrimary();
    assertThat(failover.status().pendingWriteBack()).isZero();
    assertThat(primaryStore.validate(during.token())).as("written back").isPresent()
        .get().extracting(s -> s.attributes().get("made")).isEqualTo("in memory");
    assertThat(primaryStore.validate(revokedDuring.token())).as("revoked during the outage").isEmpty();
    assertThat(primaryStore.validate(otherDevice.token())).as("revoke-all during the outage").isEmpty();
    assertThat(primaryStore.validate(before.token())).isPresent();
  }

  @Test
  void startsDegraded_whenThePrimaryIsDown_andPromotesItself() {
    outage.begin();
    failover = Failover.create(outage.probe(), config);
    assertThat(failover.mode()).isEqualTo(FailoverMode.DEGRADED);
    SessionStore sessions = sessions();
    CreatedSession created = sessions.create("alice", Map.of());

    outage.end();
    awaitPrimary();
    assertThat(primaryStore.validate(created.token())).isPresent();
  }

  @Test
  void slowPrimary_tripsAfterTheDeadline_butItsAnswerIsUsed() {
    failover = Failover.create(outage.probe(), config);
    SessionStore sessions = sessions();
    outage.stall(Duration.ofMillis(250));
    CreatedSession created = sessions.create("alice", Map.of());
    assertThat(failover.mode()).isNotEqualTo(FailoverMode.PRIMARY);
    assertThat(failover.status().lastError()).startsWith("answered in ").endsWith(" ms, over the 200 ms deadline");
    assertThat(primaryStore.validate(created.token())).as("the slow answer was the real one").isPresent();
    outage.stall(Duration.ZERO);
    awaitPrimary();
  }

  @Test
  void recoveryInterrupted_keepsEverything_andRetries() {
    failover = Failover.create(outage.probe(), config);
    SessionStore sessions = sessions();
    outage.begin();
    CreatedSession during = sessions.create("alice", Map.of());
    // The probe keeps failing: stays degraded with the change pending.
    await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
        .until(() -> failover.mode() == FailoverMode.DEGRADED && failover.status().pendingWriteBack() == 1);
    outage.end();
    awaitPrimary();
    assertThat(primaryStore.validate(during.token())).isPresent();
  }

  @Test
  void defects_propagate_andDoNotTrip() {
    failover = Failover.create(outage.probe(), config);
    SessionStore sessions = sessions();
    assertThatThrownBy(() -> sessions.create(" ", Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(failover.mode()).isEqualTo(FailoverMode.PRIMARY);
  }

  @Test
  void rateLimits_whileDegraded_followTheirFallback_andCountAfterRecovery() {
    failover = Failover.create(outage.probe(), config);
    RateLimit limit = RateLimit.slidingWindow(4, Duration.ofHours(1));
    RateLimitBackend primaryLimiter = RateLimitBackend.inMemory(limit, Clock.systemUTC(), 1000);
    RateLimiter local = failover.rateLimiter(outage.wrap(RateLimitBackend.class, primaryLimiter), RateLimitFallback.local(2));
    RateLimiter open = failover.rateLimiter(outage.wrap(RateLimitBackend.class, RateLimitBackend.inMemory(limit, Clock.systemUTC(), 1000)),
        RateLimitFallback.allow());
    RateLimiter closed = failover.rateLimiter(outage.wrap(RateLimitBackend.class, RateLimitBackend.inMemory(limit, Clock.systemUTC(), 1000)),
        RateLimitFallback.deny());

    outage.begin();
    assertThat(local.tryAcquire("ip").allowed()).isTrue();
    assertThat(local.tryAcquire("ip").allowed()).isTrue();
    assertThat(local.tryAcquire("ip").allowed()).as("half of 4, for 2 instances").isFalse();
    for (int i = 0; i < 10; i++) {
      assertThat(open.tryAcquire("ip").allowed()).isTrue();
    }
    assertThat(closed.tryAcquire("ip").allowed()).isFalse();
    assertThat(closed.tryAcquire("ip").retryAfter()).isEqualTo(config.probeInterval());

    outage.end();
    awaitPrimary();
    assertThat(primaryLimiter.peek("ip").remaining()).as("the two local attempts were written back").isEqualTo(2);
    assertThat(open.tryAcquire("ip").allowed()).as("the fail-open attempts still count").isFalse();
  }

  @Test
  void release_whileDegraded_givesBackInMemory_andTheGivenBackPermitIsNotWrittenBack() {
    failover = Failover.create(outage.probe(), config);
    RateLimitBackend primaryLimiter = RateLimitBackend.inMemory(RateLimit.slidingWindow(3, Duration.ofHours(1)),
        Clock.systemUTC(), 1000);
    RateLimiter limiter = failover.rateLimiter(outage.wrap(RateLimitBackend.class, primaryLimiter),
        RateLimitFallback.local());
    assertThat(limiter.tryAcquire("before").allowed()).isTrue();

    outage.begin();
    limiter.tryAcquire("ip");
    limiter.tryAcquire("ip");
    limiter.release("ip");
    limiter.tryAcquire("given-back");
    limiter.release("given-back");
    limiter.release("before");
    assertThat(limiter.peek("ip").remaining()).isEqualTo(2);
    assertThat(failover.status().pendingWriteBack()).as("only the key with a permit kept").isEqualTo(1);

    outage.end();
    awaitPrimary();
    assertThat(primaryLimiter.peek("ip").remaining()).as("the permit kept was written back").isEqualTo(2);
    assertThat(primaryLimiter.peek("given-back").remaining()).isEqualTo(3);
    assertThat(primaryLimiter.peek("before").remaining())
        .as("taken from the primary before the outage: it cannot be given back from memory").isEqualTo(2);

    limiter.release("ip");
    assertThat(primaryLimiter.peek("ip").remaining()).as("a written-back permit is given back on the primary")
        .isEqualTo(3);
  }

  @Test
  void release_whileDegraded_failingClosed_changesNothing() {
    failover = Failover.create(outage.probe(), config);
    RateLimitBackend primaryLimiter = RateLimitBackend.inMemory(RateLimit.slidingWindow(3, Duration.ofHours(1)),
        Clock.systemUTC(), 1000);
    RateLimiter limiter = failover.rateLimiter(outage.wrap(RateLimitBackend.class, primaryLimiter),
        RateLimitFallback.deny());
    limiter.tryAcquire("k");

    outage.begin();
    limiter.release("k");
    assertThat(failover.status().pendingWriteBack()).isZero();

    outage.end();
    awaitPrimary();
    assertThat(primaryLimiter.peek("k").remaining()).isEqualTo(2);
  }

  @Test
  void disabled_servesFromMemoryOnly() {
    failover = Failover.disabled(config);
    SessionStore sessions = failover.sessionStore(null, sessionConfig);
    CreatedSession created = sessions.create("alice", Map.of());
    assertThat(sessions.validate(created.token())).isPresent();
    assertThat(failover.status().mode()).isEqualTo(FailoverMode.DISABLED);
  }
}
