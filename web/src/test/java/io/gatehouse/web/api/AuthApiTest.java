package io.gatehouse.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.AuthFailure;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.AuthenticationMethod;
import io.gatehouse.web.Principal;
import io.gatehouse.web.SessionAuthenticator;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.login.CredentialVerifier;
import io.gatehouse.web.login.DeviceCookie;
import io.gatehouse.web.login.LoginLimiter;
import io.gatehouse.web.login.LoginListener;
import io.gatehouse.web.login.VerifiedAccount;
import io.gatehouse.web.testing.FakeRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthApiTest {

  private static final String CLIENT = "ip4:203.0.113.7";
  private static final String COOKIE = "__Host-gatehouse_session";
  private static final FakeRequest LOGIN = FakeRequest.post();
  private static final String CLEAR_COOKIE = COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure";

  private final FakeClock clock = new FakeClock();
  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.builder()
      .clock(clock)
      .idleTimeout(Duration.ofMinutes(30))
      .absoluteTimeout(Duration.ofHours(12))
      .build());
  private final DeviceCookie deviceCookie = DeviceCookie.builder()
      .key("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).clock(clock).build();
  private final LoginLimiter limiter = LoginLimiter.builder()
      .perClient(RateLimiter.inMemory(RateLimit.slidingWindow(5, Duration.ofMinutes(15)), clock, 1000))
      .perUsername(RateLimiter.inMemory(RateLimit.slidingWindow(3, Duration.ofMinutes(15)), clock, 1000))
      .perDevice(RateLimiter.inMemory(RateLimit.slidingWindow(3, Duration.ofMinutes(15)), clock, 1000))
      .successes(RateLimiter.inMemory(RateLimit.slidingWindow(10, Duration.ofMinutes(15)), clock, 1000))
      .deviceCookie(deviceCookie)
      .listener(LoginListener.NONE)
      .build();
  private final AtomicInteger verifications = new AtomicInteger();
  private final CredentialVerifier accounts = (username, password) -> {
    verifications.incrementAndGet();
    return switch (username + ":" + password) {
      case "alice:wonderland" -> Optional.of(new VerifiedAccount("alice", Set.of("user")));
      case "root:hunter2" -> Optional.of(new VerifiedAccount("root", Set.of("user", "admin")));
      case "eve:apple" -> Optional.of(new VerifiedAccount("eve", Set.of("staff,admin")));
      default -> Optional.empty();
    };
  };
  private final SessionCookie cookie = SessionCookie.create();
  private final AuthApi api = new AuthApi(sessions, limiter, accounts, cookie, clock);
  private final SessionAuthenticator authenticator = new SessionAuthenticator(sessions, cookie);
  private final RecordingResponse response = new RecordingResponse();

  // --- login

  @Test
  void login_success_bodyAndHeaders() {
    LoginResponse body = api.login(LOGIN, CLIENT, "alice", "wonderland", response);

    SessionToken token = SessionToken.parse(body.token()).orElseThrow();
    assertThat(body.sessionId()).isEqualTo(token.sessionId().value());
    assertThat(body.subject()).isEqualTo("alice");
    assertThat(body.roles()).containsExactly("user");
    assertThat(body.expiresAt()).isEqualTo("2026-01-01T00:30:00Z");
    assertThat(body.absoluteExpiresAt()).isEqualTo("2026-01-01T12:00:00Z");
    assertThat(response.lines).hasSize(3);
    assertThat(response.lines.get(0)).isEqualTo(
        "Set-Cookie: " + COOKIE + "=" + body.token() + "; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure");
    assertThat(response.lines.get(1)).matches("Set-Cookie: __Host-gatehouse_device=[^;]+; Path=/; "
        + "Max-Age=7776000; HttpOnly; SameSite=Lax; Secure");
    assertThat(response.lines.get(2)).isEqualTo("Cache-Control: no-store");
  }

  @Test
  void login_success_sessionCarriesTheRoles_andTheCookieAuthenticates() {
    LoginResponse body = api.login(LOGIN, CLIENT, "root", "hunter2", response);

    assertThat(body.roles()).containsExactly("admin", "user");
    assertThat(sessions.validate(body.token()).orElseThrow().attributes()).isEqualTo(Map.of("roles", "admin,user"));
    Principal principal = cookiePrincipal(body);
    assertThat(principal.subject()).isEqualTo("root");
    assertThat(principal.roles()).containsExactlyInAnyOrder("admin", "user");
  }

  /** Regression: a role holding a comma came back from the session split in two, granting "admin". */
  @Test
  void login_roleWithAComma_refused_notSplitIntoAdmin() {
    Throwable thrown = catchThrowable(() -> api.login(LOGIN, CLIENT, "eve", "apple", response));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a role must be non-empty and hold no ',' (roles are stored comma-separated), got \"staff,admin\"");
    assertThat(sessions.list("eve")).isEmpty();
    assertThat(response.lines).isEmpty();
  }

  @Test
  void login_wrongPassword_401_withRateLimitHeaders_noCookie() {
    ApiError error = apiError(() -> api.login(LOGIN, CLIENT, "alice", "guess", response));

    assertThat(error.status()).isEqualTo(401);
    assertThat(error.error()).isEqualTo("invalid_credentials");
    assertThat(error).hasMessage("invalid username or password");
    assertThat(error.headers()).containsExactly(
        entry("RateLimit-Limit", "3"), entry("RateLimit-Remaining", "2"), entry("RateLimit-Reset", "900"));
    assertThat(response.lines).isEmpty();
  }

  @Test
  void login_unknownUser_sameAnswerAsAWrongPassword() {
    ApiError wrongPassword = apiError(() -> api.login(LOGIN, CLIENT, "alice", "guess", response));
    ApiError unknownUser = apiError(() -> api.login(LOGIN, "ip4:198.51.100.9", "mallory", "guess", response));

    assertThat(unknownUser.status()).isEqualTo(wrongPassword.status());
    assertThat(unknownUser.error()).isEqualTo(wrongPassword.error());
    assertThat(unknownUser).hasMessage(wrongPassword.getMessage());
    assertThat(unknownUser.headers()).isEqualTo(wrongPassword.headers());
  }

  @Test
  void login_limited_429_withRetryAfter_passwordNotChecked() {
    for (int i = 0; i < 3; i++) {
      apiError(() -> api.login(LOGIN, CLIENT, "alice", "guess", response));
      clock.advance(Duration.ofMinutes(1));
    }
    verifications.set(0);

    ApiError error = apiError(() -> api.login(LOGIN, CLIENT, "alice", "wonderland", response));

    // The oldest failure, 3 minutes ago, leaves the 15-minute window in 12 minutes.
    assertThat(error.status()).isEqualTo(429);
    assertThat(error.error()).isEqualTo("too_many_requests");
    assertThat(error).hasMessage("too many failed logins; retry after 720 s");
    assertThat(error.headers()).containsExactly(entry("RateLimit-Limit", "3"), entry("RateLimit-Remaining", "0"),
        entry("RateLimit-Reset", "840"), entry("Retry-After", "720"));
    assertThat(verifications).hasValue(0);
    assertThat(response.lines).isEmpty();
  }

  @Test
  void login_afterTheWindow_allowedAgain() {
    for (int i = 0; i < 3; i++) {
      apiError(() -> api.login(LOGIN, CLIENT, "alice", "guess", response));
    }
    clock.advance(Duration.ofMinutes(15));

    assertThat(api.login(LOGIN, CLIENT, "alice", "wonderland", response).subject()).isEqualTo("alice");
  }

  @Test
  void login_withTheDeviceCookieOfAnEarlierLogin_notLimitedByStrangersFailures() {
    RecordingResponse first = new RecordingResponse();
    api.login(LOGIN, "ip4:198.51.100.20", "alice", "wonderland", first);
    String device = first.lines.get(1).substring("Set-Cookie: ".length(), first.lines.get(1).indexOf(';'));
    for (int i = 0; i < 3; i++) {
      apiError(() -> api.login(LOGIN, CLIENT, "alice", "guess", response));
    }
    assertThat(apiError(() -> api.login(LOGIN, "ip4:198.51.100.20", "alice", "wonderland", response)).status())
        .as("without the device cookie").isEqualTo(429);

    LoginResponse body = api.login(FakeRequest.post().header("Cookie", device), "ip4:198.51.100.20", "alice",
        "wonderland", response);

    assertThat(body.subject()).isEqualTo("alice");
  }

  @Test
  void login_tooManySuccessfulLogins_429_namingIt() {
    for (int i = 0; i < 10; i++) {
      api.login(LOGIN, CLIENT, "alice", "wonderland", new RecordingResponse());
    }

    ApiError error = apiError(() -> api.login(LOGIN, CLIENT, "alice", "wonderland", response));

    assertThat(error.status()).isEqualTo(429);
    assertThat(error).hasMessage("too many logins for this user; retry after 900 s");
    assertThat(error.headers()).containsEntry("Retry-After", "900");
  }

  @Test
  void login_storesTheAccountVersion_forTheAccountCheck() {
    CredentialVerifier versioned = (username, password) ->
        Optional.of(new VerifiedAccount("alice", Set.of("user"), "stamp-7"));
    AuthApi api = new AuthApi(sessions, limiter, versioned, cookie, clock);

    LoginResponse body = api.login(LOGIN, CLIENT, "alice", "anything", response);

    assertThat(sessions.validate(body.token()).orElseThrow().attributes())
        .isEqualTo(Map.of("roles", "user", AccountCheck.VERSION_ATTRIBUTE, "stamp-7"));
  }

  @Test
  void login_verifierFails_thePermitsAreGivenBack() {
    CredentialVerifier broken = (username, password) -> {
      throw new IllegalStateException("user store down");
    };
    AuthApi api = new AuthApi(sessions, limiter, broken, cookie, clock);
    for (int i = 0; i < 5; i++) {
      assertThat(catchThrowable(() -> api.login(LOGIN, CLIENT, "alice", "guess", response)))
          .hasMessage("user store down");
    }

    assertThat(this.api.login(LOGIN, CLIENT, "alice", "wonderland", response).subject()).isEqualTo("alice");
  }

  @Test
  void login_releasesItsAttempt_whateverTheOutcome() {
    apiError(() -> api.login(LOGIN, CLIENT, "alice", "guess", response));
    api.login(LOGIN, CLIENT, "alice", "wonderland", response);

    try (LoginLimiter.Attempt next = limiter.begin(CLIENT, "alice", Optional.empty())) {
      assertThat(next.refusal()).isEmpty();
    }
  }

  // --- require, current

  @ParameterizedTest
  @EnumSource(AuthFailure.class)
  void require_anyFailure_401_oneMessage_wwwAuthenticate(AuthFailure reason) {
    ApiError error = apiError(() -> AuthApi.require(Authentication.failure(reason)));

    assertThat(error.status()).isEqualTo(401);
    assertThat(error.error()).isEqualTo("unauthorized");
    assertThat(error).hasMessage("no valid session: log in first");
    assertThat(error.headers()).containsExactly(entry("WWW-Authenticate", "Bearer"));
  }

  @Test
  void require_failureWithDescription_401_rfc6750InvalidToken_sameBody() {
    ApiError error = apiError(() -> AuthApi.require(
        Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED, "the token has expired")));

    assertThat(error.status()).isEqualTo(401);
    assertThat(error.error()).isEqualTo("unauthorized");
    assertThat(error).hasMessage("no valid session: log in first");
    assertThat(error.headers()).containsExactly(entry("WWW-Authenticate",
        "Bearer error=\"invalid_token\", error_description=\"the token has expired\""));
  }

  @Test
  void require_success_givesThePrincipal() {
    Principal principal = bearerPrincipal(sessions.create("alice", Map.of()));

    assertThat(AuthApi.require(Authentication.success(principal))).isSameAs(principal);
  }

  @Test
  void current_theSessionUsed_marked() {
    CreatedSession created = sessions.create("alice", Map.of("roles", "user"));
    clock.advance(Duration.ofMinutes(10));

    SessionView view = api.current(bearerPrincipal(created), response);

    assertThat(response.lines).containsExactly("Cache-Control: no-store");
    assertThat(view).isEqualTo(new SessionView(created.session().id().value(), "alice", new java.util.TreeSet<>(
        Set.of("user")), "2026-01-01T00:00:00Z", "2026-01-01T00:10:00Z", "2026-01-01T00:40:00Z",
        "2026-01-01T12:00:00Z", true));
  }

  @Test
  void current_andMine_showTheRolesTheSessionActsWithNow_notThoseOfLogin() {
    CreatedSession created = sessions.create("alice", Map.of("roles", "admin"));
    Principal demoted = new Principal("alice", Set.of("user"), AuthenticationMethod.SESSION_BEARER,
        sessions.validate(created.token()));

    assertThat(api.current(demoted, response).roles()).containsExactly("user");
    @SuppressWarnings("unchecked")
    List<SessionView> mine = (List<SessionView>) api.mine(demoted, response).get("sessions");
    assertThat(mine).extracting(SessionView::roles).containsExactly(new java.util.TreeSet<>(Set.of("user")));
  }

  @Test
  void principalWithoutASession_400() {
    Principal jwt = new Principal("svc", Set.of("admin"), AuthenticationMethod.SESSION_BEARER, Optional.empty());

    for (ThrowingCallable call : List.<ThrowingCallable>of(() -> api.current(jwt, response),
        () -> api.logout(jwt, response), () -> api.mine(jwt, response), () -> api.revokeAll(jwt, response),
        () -> api.adminList(jwt, "alice", response))) {
      ApiError error = apiError(call);
      assertThat(error.status()).isEqualTo(400);
      assertThat(error.error()).isEqualTo("no_session");
      assertThat(error).hasMessage("this endpoint works on a Gatehouse session, and the request authenticated without "
          + "one");
    }
  }

  // --- logout

  @Test
  void logout_cookie_revokesAndClearsTheCookie() {
    LoginResponse body = api.login(LOGIN, CLIENT, "alice", "wonderland", new RecordingResponse());
    Principal principal = cookiePrincipal(body);

    assertThat(api.logout(principal, response)).isEqualTo(Map.of("loggedOut", true));

    assertThat(response.lines).containsExactly("Set-Cookie: " + CLEAR_COOKIE);
    assertThat(sessions.validate(body.token())).isEmpty();
  }

  @Test
  void logout_bearer_revokes_noCookieHeader() {
    CreatedSession created = sessions.create("alice", Map.of());

    assertThat(api.logout(bearerPrincipal(created), response)).isEqualTo(Map.of("loggedOut", true));

    assertThat(response.lines).isEmpty();
    assertThat(sessions.validate(created.token())).isEmpty();
  }

  // --- mine

  @Test
  void mine_theCallersSessions_oldestFirst_currentMarked() {
    CreatedSession first = sessions.create("alice", Map.of());
    clock.advance(Duration.ofMinutes(1));
    CreatedSession second = sessions.create("alice", Map.of());
    sessions.create("bob", Map.of());

    Map<String, Object> mine = api.mine(bearerPrincipal(second), response);

    assertThat(response.lines).containsExactly("Cache-Control: no-store");
    @SuppressWarnings("unchecked")
    List<SessionView> views = (List<SessionView>) mine.get("sessions");
    assertThat(views).extracting(SessionView::sessionId)
        .containsExactly(first.session().id().value(), second.session().id().value());
    assertThat(views).extracting(SessionView::current).containsExactly(false, true);
  }

  // --- revoke

  @Test
  void revoke_anotherOfMySessions_noCookieHeader() {
    CreatedSession current = sessions.create("alice", Map.of());
    CreatedSession other = sessions.create("alice", Map.of());

    Map<String, Object> answer = api.revoke(cookiePrincipal(current), other.session().id().value(), response);

    assertThat(answer).isEqualTo(Map.of("revoked", true, "sessionId", other.session().id().value()));
    assertThat(response.lines).isEmpty();
    assertThat(sessions.validate(other.token())).isEmpty();
    assertThat(sessions.validate(current.token())).isPresent();
  }

  @Test
  void revoke_theCurrentSessionByCookie_clearsTheCookie() {
    CreatedSession current = sessions.create("alice", Map.of());

    api.revoke(cookiePrincipal(current), current.session().id().value(), response);

    assertThat(response.lines).containsExactly("Set-Cookie: " + CLEAR_COOKIE);
  }

  @Test
  void revoke_theCurrentSessionByBearer_noCookieHeader() {
    CreatedSession current = sessions.create("alice", Map.of());

    api.revoke(bearerPrincipal(current), current.session().id().value(), response);

    assertThat(response.lines).isEmpty();
    assertThat(sessions.validate(current.token())).isEmpty();
  }

  @Test
  void revoke_anotherSubjectsSession_404_andKept() {
    CreatedSession alice = sessions.create("alice", Map.of());
    CreatedSession bob = sessions.create("bob", Map.of());

    assertNotFound(() -> api.revoke(bearerPrincipal(alice), bob.session().id().value(), response));

    assertThat(sessions.validate(bob.token())).isPresent();
  }

  @Test
  void revoke_anotherSubjectsSession_byAnAdmin() {
    CreatedSession root = sessions.create("root", Map.of("roles", "admin"));
    CreatedSession bob = sessions.create("bob", Map.of());

    Map<String, Object> answer = api.revoke(bearerPrincipal(root), bob.session().id().value(), response);

    assertThat(answer).isEqualTo(Map.of("revoked", true, "sessionId", bob.session().id().value()));
    assertThat(sessions.validate(bob.token())).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"not-an-id", "a/b", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
  void revoke_malformedId_404(String id) {
    CreatedSession root = sessions.create("root", Map.of("roles", "admin"));

    assertNotFound(() -> api.revoke(bearerPrincipal(root), id, response));
  }

  @Test
  void revoke_wellFormedUnknownId_404() {
    CreatedSession alice = sessions.create("alice", Map.of());
    String unknown = SessionToken.generate("alice", new SecureRandom()).sessionId().value();

    assertNotFound(() -> api.revoke(bearerPrincipal(alice), unknown, response));
  }

  @Test
  void revoke_alreadyRevoked_404() {
    CreatedSession alice = sessions.create("alice", Map.of());
    CreatedSession other = sessions.create("alice", Map.of());
    api.revoke(bearerPrincipal(alice), other.session().id().value(), response);

    assertNotFound(() -> api.revoke(bearerPrincipal(alice), other.session().id().value(), response));
  }

  // --- revoke all

  @Test
  void revokeAll_everySessionOfTheCaller_cookieCleared() {
    CreatedSession current = sessions.create("alice", Map.of());
    CreatedSession other = sessions.create("alice", Map.of());
    CreatedSession bob = sessions.create("bob", Map.of());
    Principal principal = cookiePrincipal(current);

    assertThat(api.revokeAll(principal, response)).isEqualTo(Map.of("revoked", 2));

    assertThat(response.lines).containsExactly("Set-Cookie: " + CLEAR_COOKIE);
    assertThat(sessions.validate(current.token())).isEmpty();
    assertThat(sessions.validate(other.token())).isEmpty();
    assertThat(sessions.validate(bob.token())).isPresent();
  }

  @Test
  void revokeAll_byBearer_noCookieHeader() {
    CreatedSession current = sessions.create("alice", Map.of());

    assertThat(api.revokeAll(bearerPrincipal(current), response)).isEqualTo(Map.of("revoked", 1));
    assertThat(response.lines).isEmpty();
  }

  // --- admin listing

  @Test
  void adminList_anySubjectsSessions() {
    CreatedSession root = sessions.create("root", Map.of("roles", "admin,user"));
    CreatedSession alice = sessions.create("alice", Map.of("roles", "user"));

    Map<String, Object> answer = api.adminList(bearerPrincipal(root), "alice", response);

    assertThat(response.lines).containsExactly("Cache-Control: no-store");
    assertThat(answer).containsEntry("subject", "alice");
    @SuppressWarnings("unchecked")
    List<SessionView> views = (List<SessionView>) answer.get("sessions");
    assertThat(views).singleElement().satisfies(view -> {
      assertThat(view.sessionId()).isEqualTo(alice.session().id().value());
      assertThat(view.roles()).containsExactly("user");
      assertThat(view.current()).isFalse();
    });
  }

  @Test
  void adminList_withoutTheAdminRole_403() {
    CreatedSession alice = sessions.create("alice", Map.of("roles", "user"));

    ApiError error = apiError(() -> api.adminList(bearerPrincipal(alice), "bob", response));

    assertThat(error.status()).isEqualTo(403);
    assertThat(error.error()).isEqualTo("forbidden");
    assertThat(error).hasMessage("this endpoint needs the admin role");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void adminList_noSubject_400(String subject) {
    CreatedSession root = sessions.create("root", Map.of("roles", "admin"));

    ApiError error = apiError(() -> api.adminList(bearerPrincipal(root), subject, response));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.error()).isEqualTo("bad_request");
    assertThat(error).hasMessage("subject is required: /api/admin/sessions?subject=<username>");
  }

  @Test
  void adminList_subjectTooLong_400() {
    CreatedSession root = sessions.create("root", Map.of("roles", "admin"));
    assertThat(api.adminList(bearerPrincipal(root), "a".repeat(SessionConfig.MAX_SUBJECT_LENGTH), response))
        .containsEntry("sessions", List.of());

    ApiError error = apiError(() -> api.adminList(bearerPrincipal(root), "a".repeat(257), response));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.error()).isEqualTo("bad_request");
    assertThat(error).hasMessage("subject must be at most 256 characters");
  }

  // --- helpers

  private Principal cookiePrincipal(LoginResponse body) {
    FakeRequest request = FakeRequest.post().header("Cookie", COOKIE + "=" + body.token());
    Principal principal = AuthApi.require(authenticator.authenticate(request));
    assertThat(principal.method()).isEqualTo(AuthenticationMethod.SESSION_COOKIE);
    return principal;
  }

  private Principal cookiePrincipal(CreatedSession created) {
    FakeRequest request = FakeRequest.post().header("Cookie", COOKIE + "=" + created.token().value());
    return AuthApi.require(authenticator.authenticate(request));
  }

  private Principal bearerPrincipal(CreatedSession created) {
    FakeRequest request = FakeRequest.post().header("Authorization", "Bearer " + created.token().value());
    Principal principal = AuthApi.require(authenticator.authenticate(request));
    assertThat(principal.method()).isEqualTo(AuthenticationMethod.SESSION_BEARER);
    return principal;
  }

  private static ApiError apiError(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ApiError.class);
    return (ApiError) thrown;
  }

  private static void assertNotFound(ThrowingCallable call) {
    ApiError error = apiError(call);
    assertThat(error.status()).isEqualTo(404);
    assertThat(error.error()).isEqualTo("not_found");
    assertThat(error).hasMessage("no such session");
  }

  /** Writes down the header lines an endpoint adds, as {@code Name: value}. */
  private static final class RecordingResponse implements HttpResponseView {
    final List<String> lines = new ArrayList<>();

    @Override
    public void addHeader(String name, String value) {
      lines.add(name + ": " + value);
    }
  }
}
