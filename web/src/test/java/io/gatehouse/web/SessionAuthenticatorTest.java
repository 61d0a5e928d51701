package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.testing.FakeRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionAuthenticatorTest {

  private static final String COOKIE = "__Host-gatehouse_session";

  private final FakeClock clock = new FakeClock();
  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.builder()
      .clock(clock)
      .idleTimeout(Duration.ofMinutes(30))
      .absoluteTimeout(Duration.ofHours(12))
      .build());
  private final SessionAuthenticator authenticator = new SessionAuthenticator(sessions, SessionCookie.create());

  private final CreatedSession alice = sessions.create("alice", Map.of("roles", "admin,user"));
  private final CreatedSession bob = sessions.create("bob", Map.of());

  @Test
  void cookie_liveSession_authenticatesAsSessionCookie() {
    Authentication answer = authenticator.authenticate(withCookie(alice));

    Principal principal = answer.authenticated().orElseThrow();
    assertThat(principal.subject()).isEqualTo("alice");
    assertThat(principal.roles()).containsExactlyInAnyOrder("admin", "user");
    assertThat(principal.method()).isEqualTo(AuthenticationMethod.SESSION_COOKIE);
    assertThat(principal.session().orElseThrow().id()).isEqualTo(alice.session().id());
  }

  @Test
  void bearer_liveSession_authenticatesAsSessionBearer() {
    Authentication answer = authenticator.authenticate(withBearer(bob.token().value()));

    Principal principal = answer.authenticated().orElseThrow();
    assertThat(principal.subject()).isEqualTo("bob");
    assertThat(principal.roles()).isEmpty();
    assertThat(principal.method()).isEqualTo(AuthenticationMethod.SESSION_BEARER);
  }

  @Test
  void bearer_lowerCaseHeaderNameAndScheme_accepted() {
    FakeRequest request = FakeRequest.get().header("authorization", "bearer " + bob.token().value());

    assertThat(authenticator.authenticate(request).authenticated()).isPresent();
  }

  @Test
  void bearerAndCookie_theBearerIsUsed() {
    FakeRequest request = withCookie(alice).header("Authorization", "Bearer " + bob.token().value());

    Principal principal = authenticator.authenticate(request).authenticated().orElseThrow();
    assertThat(principal.subject()).isEqualTo("bob");
    assertThat(principal.method()).isEqualTo(AuthenticationMethod.SESSION_BEARER);
  }

  @Test
  void authorizationHeaderPresent_cookieNotRead_evenIfTheHeaderIsUseless() {
    FakeRequest request = withCookie(alice).header("Authorization", "Basic dXNlcjpwYXNz");

    assertThat(authenticator.authenticate(request)).isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
  }

  @Test
  void noCredentials() {
    assertThat(authenticator.authenticate(FakeRequest.get()))
        .isEqualTo(Authentication.failure(AuthFailure.NO_CREDENTIALS));
    assertThat(authenticator.authenticate(FakeRequest.get().header("Cookie", "theme=dark; gatehouse_session=x")))
        .isEqualTo(Authentication.failure(AuthFailure.NO_CREDENTIALS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "not a token!", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"})
  void garbageCookie_malformed(String value) {
    FakeRequest request = FakeRequest.get().header("Cookie", COOKIE + "=" + value);

    assertThat(authenticator.authenticate(request)).isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
  }

  @Test
  void cookieTokenWithOneCharacterMore_malformed() {
    FakeRequest request = FakeRequest.get().header("Cookie", COOKIE + "=" + alice.token().value() + "A");

    assertThat(authenticator.authenticate(request)).isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "Bearer", "Bearer a b", "Basic abc", ""})
  void bearerNotASessionToken_malformed(String header) {
    FakeRequest request = FakeRequest.get().header("Authorization", header);

    assertThat(authenticator.authenticate(request)).isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
  }

  @Test
  void twoAuthorizationHeaders_malformed_evenIfBothAreValid() {
    FakeRequest request = withBearer(alice.token().value()).header("Authorization", "Bearer " + bob.token().value());

    assertThat(authenticator.authenticate(request)).isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
  }

  @Test
  void wellFormedUnknownToken_unknownOrExpired() {
    String unknown = SessionToken.generate("alice", new SecureRandom()).value();

    assertThat(authenticator.authenticate(withBearer(unknown)))
        .isEqualTo(Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED));
    assertThat(authenticator.authenticate(FakeRequest.get().header("Cookie", COOKIE + "=" + unknown)))
        .isEqualTo(Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED));
  }

  @Test
  void idleTimeoutPassed_unknownOrExpired() {
    clock.advance(Duration.ofMinutes(30));

    assertThat(authenticator.authenticate(withCookie(alice)))
        .isEqualTo(Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED));
  }

  @Test
  void authenticating_slidesTheIdleTimeout() {
    clock.advance(Duration.ofMinutes(20));
    assertThat(authenticator.authenticate(withCookie(alice)).authenticated()).isPresent();

    clock.advance(Duration.ofMinutes(20));

    assertThat(authenticator.authenticate(withCookie(alice)).authenticated()).isPresent();
  }

  @Test
  void absoluteTimeoutPassed_unknownOrExpired_howeverActive() {
    for (int i = 0; i < 12 * 3; i++) {
      clock.advance(Duration.ofMinutes(20));
      authenticator.authenticate(withCookie(alice));
    }

    assertThat(authenticator.authenticate(withCookie(alice)))
        .isEqualTo(Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED));
  }

  @Test
  void revokedSession_unknownOrExpired() {
    sessions.revoke(alice.session().id());

    assertThat(authenticator.authenticate(withCookie(alice)))
        .isEqualTo(Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED));
    assertThat(authenticator.authenticate(withBearer(bob.token().value())).authenticated()).isPresent();
  }

  @Test
  void revokeAll_unknownOrExpired() {
    sessions.revokeAll("bob");

    assertThat(authenticator.authenticate(withBearer(bob.token().value())))
        .isEqualTo(Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED));
  }

  @Test
  void constructor_nulls_rejected() {
    assertThatThrownBy(() -> new SessionAuthenticator(null, SessionCookie.create())).hasMessage("sessions");
    assertThatThrownBy(() -> new SessionAuthenticator(sessions, null)).hasMessage("cookie");
  }

  private static FakeRequest withCookie(CreatedSession created) {
    return FakeRequest.get().header("Cookie", "theme=dark; " + COOKIE + "=" + created.token().value());
  }

  private static FakeRequest withBearer(String token) {
    return FakeRequest.get().header("Authorization", "Bearer " + token);
  }
}
