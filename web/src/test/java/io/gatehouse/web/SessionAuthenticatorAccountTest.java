package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.testing.FakeRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The session authenticator with an {@link AccountCheck}: sessions follow the account, on every request. */
class SessionAuthenticatorAccountTest {

  private final FakeClock clock = new FakeClock();
  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.builder().clock(clock).build());
  /** The user store: subject to (roles, version). */
  private final Map<String, AccountCheck.Current> accounts = new ConcurrentHashMap<>(Map.of(
      "root", new AccountCheck.Current(Set.of("admin", "user"), "v1"),
      "alice", new AccountCheck.Current(Set.of("user"), "")));
  private final SessionAuthenticator authenticator = new SessionAuthenticator(sessions, SessionCookie.create(),
      subject -> Optional.ofNullable(accounts.get(subject)));

  private final CreatedSession root = sessions.create("root", Map.of("roles", "admin,user", "account_version", "v1"));

  @Test
  void providerSession_noLocalAccount_keepsItsRecordedRoles() {
    CreatedSession carol = sessions.create("carol", Map.of("roles", "reader",
        AccountCheck.PROVIDER_ATTRIBUTE, "https://login.example.com/realms/main"));

    Principal principal = authenticator.authenticate(bearer(carol)).authenticated().orElseThrow();

    assertThat(principal.subject()).isEqualTo("carol");
    assertThat(principal.roles()).containsExactly("reader");
  }

  @Test
  void providerSession_namedLikeALocalAccount_isRevoked_neverActsAsIt() {
    CreatedSession fakeRoot = sessions.create("root", Map.of("roles", "reader",
        AccountCheck.PROVIDER_ATTRIBUTE, "https://login.example.com/realms/main"));

    assertThat(authenticator.authenticate(bearer(fakeRoot))).isEqualTo(Authentication.failure(AuthFailure.REVOKED));
    assertThat(sessions.validate(fakeRoot.token())).isEmpty();
    assertThat(authenticator.authenticate(bearer(root)).authenticated()).as("the local account's own session")
        .isPresent();
  }

  @Test
  void liveAccount_sameVersion_authenticates() {
    Principal principal = authenticator.authenticate(bearer(root)).authenticated().orElseThrow();

    assertThat(principal.subject()).isEqualTo("root");
    assertThat(principal.roles()).containsExactlyInAnyOrder("admin", "user");
    assertThat(principal.session().orElseThrow().id()).isEqualTo(root.session().id());
  }

  /**
   * Regression for issue 13, "roles are frozen into the session at login": a session of an admin kept admin rights
   * after the account lost them (or was removed), for as long as the session lived.
   */
  @Test
  void rolesChanged_theRequestGetsTheCurrentRoles_notThoseRecordedAtLogin() {
    accounts.put("root", new AccountCheck.Current(Set.of("user"), "v1"));

    Principal principal = authenticator.authenticate(bearer(root)).authenticated().orElseThrow();

    assertThat(principal.roles()).containsExactly("user");
    assertThat(principal.hasRole("admin")).isFalse();
  }

  @Test
  void accountRemoved_sessionRevokedInTheStore() {
    accounts.remove("root");

    assertThat(authenticator.authenticate(bearer(root))).isEqualTo(Authentication.failure(AuthFailure.REVOKED));
    assertThat(sessions.validate(root.token())).as("gone for every instance, not only refused here").isEmpty();

    accounts.put("root", new AccountCheck.Current(Set.of("admin"), "v1"));
    assertThat(authenticator.authenticate(bearer(root))).as("an account made again does not revive it")
        .isEqualTo(Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED));
  }

  @Test
  void versionChanged_aNewPassword_sessionRevokedInTheStore() {
    accounts.put("root", new AccountCheck.Current(Set.of("admin", "user"), "v2"));

    assertThat(authenticator.authenticate(FakeRequest.get().header("Cookie",
        SessionCookie.create().name() + "=" + root.token().value())))
        .isEqualTo(Authentication.failure(AuthFailure.REVOKED));
    assertThat(sessions.validate(root.token())).isEmpty();
  }

  @Test
  void sessionWithoutAVersion_matchesAnAccountWithoutOne() {
    CreatedSession alice = sessions.create("alice", Map.of("roles", "user"));

    assertThat(authenticator.authenticate(bearer(alice)).authenticated()).isPresent();
  }

  @Test
  void sessionWithoutAVersion_refusedByAnAccountWithOne() {
    CreatedSession before = sessions.create("root", Map.of("roles", "admin"));

    assertThat(authenticator.authenticate(bearer(before))).isEqualTo(Authentication.failure(AuthFailure.REVOKED));
  }

  @Test
  void otherSessionsOfTheSubject_untilTheyAreUsed_stayInTheStore() {
    CreatedSession second = sessions.create("root", Map.of("account_version", "v1"));
    accounts.remove("root");

    authenticator.authenticate(bearer(root));

    assertThat(sessions.validate(second.token())).isPresent();
    assertThat(authenticator.authenticate(bearer(second))).isEqualTo(Authentication.failure(AuthFailure.REVOKED));
  }

  @Test
  void current_roles_andVersion_checked() {
    assertThat(new AccountCheck.Current(Set.of("a"), "").roles()).containsExactly("a");
    assertThatThrownBy(() -> new AccountCheck.Current(Set.of(), null)).hasMessage("version");
    assertThatThrownBy(() -> new SessionAuthenticator(sessions, SessionCookie.create(), null))
        .hasMessage("accounts");
  }

  private static FakeRequest bearer(CreatedSession session) {
    return FakeRequest.get().header("Authorization", "Bearer " + session.token().value());
  }
}
