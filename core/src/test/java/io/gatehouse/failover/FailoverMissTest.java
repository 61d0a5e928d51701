package io.gatehouse.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A token that memory does not know, while not on the primary: answered "invalid" at once while the primary is
 * away, asked of the primary once a probe has found it answering, and never brought back if revoked here meanwhile.
 * The write-back is held at one step so that the instance stays RECOVERING (the primary up, memory still in use).
 */
class FailoverMissTest {

  private final Outage outage = new Outage();
  private final FailoverConfig config = FailoverConfig.builder()
      .deadline(Duration.ofMillis(200)).probeInterval(Duration.ofMillis(10)).maxProbeInterval(Duration.ofMillis(40))
      .build();
  private final SessionConfig sessionConfig = SessionConfig.create();
  /** The shared store, as other instances see it: what is created here directly, this instance never saw. */
  private final SessionBackend primaryStore = SessionBackend.inMemory(sessionConfig);
  private final Failover failover = Failover.create(outage.probe(), config);
  private final SessionStore sessions =
      failover.sessionStore(outage.wrap(SessionBackend.class, primaryStore), sessionConfig);

  @AfterEach
  void close() {
    outage.release("revokeAll");
    outage.release("restore");
    failover.close();
  }

  private void degrade() {
    outage.begin();
    sessions.create("someone", Map.of());
    assertThat(failover.mode()).isEqualTo(FailoverMode.DEGRADED);
  }

  /** Ends the outage with the write-back held at {@code method}, and waits for the probe to find the primary. */
  private void recoverHeldAt(String method) {
    outage.hold(method);
    outage.end();
    await().atMost(Duration.ofSeconds(5)).until(() -> failover.mode() == FailoverMode.RECOVERING);
  }

  @Test
  void miss_whileThePrimaryIsAway_isInvalidAtOnce_withoutAskingIt() {
    CreatedSession elsewhere = primaryStore.create("alice", Map.of());
    degrade();
    long asked = outage.calls("validate");

    assertThat(sessions.validate(elsewhere.token())).isEmpty();
    assertThat(outage.calls("validate")).as("validations sent to the primary").isEqualTo(asked);
  }

  @Test
  void miss_duringRecovery_isAnsweredByThePrimary_andKeptForTheRestOfTheOutage() {
    CreatedSession elsewhere = primaryStore.create("alice", Map.of("made", "elsewhere"));
    degrade();
    recoverHeldAt("restore");

    assertThat(sessions.validate(elsewhere.token())).as("found on the primary").isPresent()
        .get().extracting(s -> s.attributes().get("made")).isEqualTo("elsewhere");
    outage.begin();
    assertThat(sessions.validate(elsewhere.token())).as("copied into memory").isPresent();
    outage.release("restore");
    outage.end();
    await().atMost(Duration.ofSeconds(5)).until(() -> failover.mode() == FailoverMode.PRIMARY);
    assertThat(primaryStore.validate(elsewhere.token())).isPresent();
  }

  @Test
  void revokedHere_duringTheOutage_neverComesBackFromThePrimary() {
    CreatedSession revoked = primaryStore.create("alice", Map.of());
    CreatedSession revokedWithAll = primaryStore.create("carol", Map.of());
    CreatedSession live = primaryStore.create("dave", Map.of());
    degrade();
    assertThat(sessions.revoke(revoked.token())).as("not in memory").isFalse();
    sessions.revokeAll("carol");
    recoverHeldAt("revokeAll");

    assertThat(primaryStore.validate(revoked.token())).as("the primary does not know yet").isPresent();
    assertThat(sessions.validate(revoked.token())).isEmpty();
    assertThat(sessions.validate(revokedWithAll.token())).isEmpty();
    assertThat(sessions.validate(live.token())).as("the primary is asked").isPresent();

    outage.release("revokeAll");
    await().atMost(Duration.ofSeconds(5)).until(() -> failover.mode() == FailoverMode.PRIMARY);
    assertThat(sessions.validate(revoked.token())).isEmpty();
    assertThat(sessions.validate(revokedWithAll.token())).isEmpty();
  }

  @Test
  void miss_whenThePrimaryFailsAgain_isInvalid_andStopsAsking() {
    CreatedSession elsewhere = primaryStore.create("alice", Map.of());
    degrade();
    recoverHeldAt("restore");
    outage.begin();
    long asked = outage.calls("validate");

    assertThat(sessions.validate(elsewhere.token())).isEmpty();
    assertThat(sessions.validate(elsewhere.token())).isEmpty();
    assertThat(outage.calls("validate")).as("asked once, then no more").isEqualTo(asked + 1);
  }
}
