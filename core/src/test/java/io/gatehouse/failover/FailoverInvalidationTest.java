package io.gatehouse.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.session.LocalInvalidationChannel;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import io.gatehouse.testing.FakeClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances (two failovers on one primary): what the invalidation channel announces also clears instance B's
 * outage copies, so a session revoked on A before the primary goes down is refused by B while it is down. The
 * channel's messages stand in for those the Redis scripts publish.
 */
class FailoverInvalidationTest {

  private final FakeClock clock = new FakeClock();
  private final Outage outage = new Outage();
  private final SessionConfig config = SessionConfig.builder().clock(clock).build();
  private final SessionBackend primary = outage.wrap(SessionBackend.class, SessionBackend.inMemory(config));
  private final LocalInvalidationChannel channel = new LocalInvalidationChannel();
  private final Failover failoverA = failover();
  private final Failover failoverB = failover();
  private final SessionStore a = failoverA.sessionStore(primary, config, channel);
  private final SessionStore b = failoverB.sessionStore(primary, config, channel);

  private Failover failover() {
    return Failover.create(outage.probe(), FailoverConfig.builder().clock(clock).deadline(Duration.ofMinutes(1))
        .probeInterval(Duration.ofMinutes(1)).maxProbeInterval(Duration.ofMinutes(1)).build());
  }

  @AfterEach
  void close() {
    failoverA.close();
    failoverB.close();
  }

  @Test
  void sessionRevokedOnA_beforeAnOutage_isRefusedByBDuringIt() {
    SessionToken token = a.create("alice", Map.of()).token();
    assertThat(b.validate(token)).isPresent();
    a.revoke(token);
    channel.sessionRevoked(token.sessionId());

    outage.begin();

    assertThat(b.validate(token)).isEmpty();
    assertThat(failoverB.mode()).isEqualTo(FailoverMode.DEGRADED);
  }

  @Test
  void subjectRevokedOnA_beforeAnOutage_isRefusedByBDuringIt() {
    SessionToken alice = a.create("alice", Map.of()).token();
    SessionToken bob = a.create("bob", Map.of()).token();
    b.validate(alice);
    b.validate(bob);
    clock.advance(Duration.ofSeconds(1));
    a.revokeAll("alice");
    channel.subjectRevoked("alice", clock.instant());

    outage.begin();

    assertThat(b.validate(alice)).isEmpty();
    assertThat(b.validate(bob)).isPresent();
  }

  @Test
  void revocationArrivingWhileBsValidationIsInFlight_leavesNoOutageCopy() {
    SessionToken token = a.create("alice", Map.of()).token();
    AtomicReference<Runnable> duringValidation = new AtomicReference<>(() -> {
      a.revoke(token);
      channel.sessionRevoked(token.sessionId());
    });
    SessionBackend racing = (SessionBackend) Proxy.newProxyInstance(SessionBackend.class.getClassLoader(),
        new Class<?>[] {SessionBackend.class}, (proxy, method, args) -> {
          try {
            Object result = method.invoke(primary, args);
            if (method.getName().equals("validate")) {
              duringValidation.getAndSet(() -> {}).run();
            }
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Failover failoverC = failover();
    SessionStore c = failoverC.sessionStore(racing, config, channel);
    try {
      assertThat(c.validate(token)).as("Redis answered before the revocation").isPresent();

      outage.begin();

      assertThat(c.validate(token)).isEmpty();
    } finally {
      failoverC.close();
    }
  }

  @Test
  void revocationNotAnnounced_isStillAcceptedByBDuringAnOutage() {
    // What the channel closes: without its message, B's outage copy outlives the revocation made on A.
    SessionToken token = a.create("alice", Map.of()).token();
    b.validate(token);
    a.revoke(token);

    outage.begin();

    assertThat(b.validate(token)).isPresent();
  }
}
