package io.gatehouse.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.login.CredentialVerifier;
import io.gatehouse.web.login.VerifiedAccount;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedPasswordChecksTest {

  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch finish = new CountDownLatch(1);
  /** A check that holds its slot until the test lets it finish. */
  private final CredentialVerifier slow = (username, password) -> {
    entered.countDown();
    try {
      finish.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.of(new VerifiedAccount(username, Set.of()));
  };

  @Test
  void beyondTheCap_503WithRetryAfter_atOnce_andTheCheckIsNotMade() throws Exception {
    BoundedPasswordChecks checks = new BoundedPasswordChecks(slow, 1);
    CompletableFuture<Optional<VerifiedAccount>> first = CompletableFuture.supplyAsync(() -> checks.verify("a", "pw"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(checks.running()).isEqualTo(1);

    Throwable refused = catchThrowable(() -> checks.verify("b", "pw"));

    assertThat(refused).isInstanceOf(ApiError.class).hasMessage(BoundedPasswordChecks.BUSY)
        .hasMessage("too many logins are being checked at once; retry in a second");
    ApiError error = (ApiError) refused;
    assertThat(error.status()).isEqualTo(503);
    assertThat(error.error()).isEqualTo("service_unavailable");
    assertThat(error.headers()).containsExactly(entry("Retry-After", "1"));

    finish.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isPresent();
    assertThat(checks.running()).isZero();
    assertThat(checks.verify("b", "pw")).as("the slot is free again").isPresent();
  }

  @Test
  void aFailingCheck_givesItsSlotBack() {
    BoundedPasswordChecks checks = new BoundedPasswordChecks((u, p) -> {
      throw new IllegalStateException("boom");
    }, 1);

    assertThatThrownBy(() -> checks.verify("a", "pw")).hasMessage("boom");

    assertThat(checks.running()).isZero();
  }

  @Test
  void cap_atLeastOne() {
    assertThatThrownBy(() -> new BoundedPasswordChecks(slow, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the cap on password checks at once must be at least 1, got 0");
  }
}
