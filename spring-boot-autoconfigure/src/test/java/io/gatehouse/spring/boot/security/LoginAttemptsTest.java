package io.gatehouse.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.web.client.ClientAddress;
import io.gatehouse.web.client.TrustedProxies;
import io.gatehouse.web.login.DeviceCookie;
import io.gatehouse.web.login.LoginLimiter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * The login limit as Spring Security's logins drive it: attempts begun by the details source, outcomes from the
 * authentication events, refusals with the reference server's answers, device cookies set on success and read on the
 * next attempt. In-memory limiters on a fixed clock; the requests are Spring's servlet request stand-ins, since only
 * their address, cookies and attributes are read.
 */
class LoginAttemptsTest {

  private static final String DEVICE_COOKIE = "__Host-gatehouse_device";

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final RateLimit limit = RateLimit.slidingWindow(3, Duration.ofMinutes(15));
  private final LoginAttempts attempts = new LoginAttempts(LoginLimiter.builder()
      .perClient(RateLimiter.inMemory(limit, clock, 100))
      .perUsername(RateLimiter.inMemory(limit, clock, 100))
      .perDevice(RateLimiter.inMemory(limit, clock, 100))
      .successes(RateLimiter.inMemory(RateLimit.slidingWindow(4, Duration.ofMinutes(15)), clock, 100))
      .deviceCookie(DeviceCookie.builder().key("k3y-for-the-login-attempts-test-0123456789"
          .getBytes(StandardCharsets.UTF_8)).clock(clock).build())
      .build(), new ClientAddress(TrustedProxies.none()));
  private final LoginOutcomeListener outcomes = new LoginOutcomeListener();

  @Test
  void failuresCount_andTheLimitRefusesBeforeThePasswordIsChecked() {
    for (int i = 0; i < 3; i++) {
      fail("203.0.113.1", "alice");
    }
    assertThatThrownBy(() -> begin("203.0.113.1", "alice"))
        .isInstanceOfSatisfying(LoginRefusedException.class, refused -> {
          assertThat(refused.answer().status()).isEqualTo(429);
          assertThat(refused.answer().getMessage()).isEqualTo("too many failed logins; retry after 900 s");
          assertThat(refused.answer().headers()).containsEntry("Retry-After", "900")
              .containsEntry("RateLimit-Remaining", "0");
        });
  }

  @Test
  void aSuccess_givesBackOnlyItsOwnPermits_earlierFailuresStayCounted() {
    fail("203.0.113.2", "bob");
    fail("203.0.113.3", "bob");
    succeed("203.0.113.3", "bob");
    fail("203.0.113.4", "bob");
    assertThatThrownBy(() -> begin("203.0.113.5", "bob")).as("three failures for bob, whatever succeeded between")
        .isInstanceOf(LoginRefusedException.class);
  }

  @Test
  void aSuccess_setsTheDeviceCookie_withTheSessionCookiesAttributes() {
    MockHttpServletResponse response = succeed("203.0.113.6", "carol");
    assertThat(response.getHeaders("Set-Cookie")).singleElement().satisfies(setCookie -> assertThat(setCookie)
        .startsWith(DEVICE_COOKIE + "=").contains("; Path=/", "; Max-Age=7776000", "; HttpOnly", "; SameSite=Lax",
            "; Secure"));
  }

  @Test
  void strangersGuessing_doNotLockOutTheOwner_whoseBrowserHasTheDeviceCookie() {
    String device = deviceCookie(succeed("203.0.113.7", "dave"));
    for (int i = 1; i <= 3; i++) {
      fail("192.0.2." + i, "dave");
    }
    assertThatThrownBy(() -> begin("192.0.2.4", "dave")).as("the per-username limit holds for strangers")
        .isInstanceOf(LoginRefusedException.class);
    assertThatThrownBy(() -> begin("203.0.113.7", "dave")).as("and for the owner's address without the cookie")
        .isInstanceOf(LoginRefusedException.class);

    MockHttpServletResponse owner = succeed("203.0.113.7", "Dave", device);
    assertThat(owner.getHeaders("Set-Cookie")).singleElement().asString().startsWith(DEVICE_COOKIE + "=");
  }

  @Test
  void anotherUsersDeviceCookie_exemptsNobody() {
    String erinsDevice = deviceCookie(succeed("203.0.113.8", "erin"));
    for (int i = 1; i <= 3; i++) {
      fail("192.0.2." + (10 + i), "frank");
    }
    assertThatThrownBy(() -> begin("203.0.113.8", "frank", erinsDevice)).isInstanceOf(LoginRefusedException.class);
  }

  @Test
  void successfulLoginsBeyondTheirLimit_areRefused_evenAfterTheRightPassword_withoutADeviceCookie() {
    for (int i = 0; i < 3; i++) {
      succeed("203.0.113.9", "grace");
    }
    // Two logins begun while one success was left: the first takes it, the second is refused after its password.
    MockHttpServletRequest first = request("203.0.113.9", "grace");
    MockHttpServletRequest second = request("203.0.113.10", "grace");
    MockHttpServletResponse secondResponse = new MockHttpServletResponse();
    attempts.open(first, new MockHttpServletResponse());
    attempts.open(second, secondResponse);
    LoginDetails firstDetails = LoginDetailsSource.attribute(attempts, "user").buildDetails(first);
    LoginDetails secondDetails = LoginDetailsSource.attribute(attempts, "user").buildDetails(second);
    outcomes.onApplicationEvent(new AuthenticationSuccessEvent(token(firstDetails)));
    assertThatThrownBy(() -> outcomes.onApplicationEvent(new AuthenticationSuccessEvent(token(secondDetails))))
        .isInstanceOfSatisfying(LoginRefusedException.class, refused -> {
          assertThat(refused.answer().status()).isEqualTo(429);
          assertThat(refused.answer().getMessage()).isEqualTo("too many logins for this user; retry after 900 s");
          assertThat(refused.answer().headers()).containsEntry("Retry-After", "900");
        });
    attempts.close(first);
    attempts.close(second);
    assertThat(secondResponse.getHeaders("Set-Cookie")).isEmpty();

    assertThatThrownBy(() -> begin("203.0.113.11", "grace")).as("from now on refused before the password")
        .isInstanceOfSatisfying(LoginRefusedException.class, refused -> assertThat(refused.answer().getMessage())
            .isEqualTo("too many logins for this user; retry after 900 s"));
  }

  @Test
  void attemptsInFlight_holdTheirPermits_soParallelGuessesCannotOvershoot() {
    MockHttpServletRequest[] inFlight = new MockHttpServletRequest[3];
    for (int i = 0; i < 3; i++) {
      inFlight[i] = request("203.0.113.14", "heidi");
      attempts.open(inFlight[i], new MockHttpServletResponse());
      LoginDetailsSource.attribute(attempts, "user").buildDetails(inFlight[i]);
    }
    assertThatThrownBy(() -> begin("203.0.113.14", "heidi")).isInstanceOf(LoginRefusedException.class);
    for (MockHttpServletRequest request : inFlight) {
      attempts.close(request);
    }
    assertThat(begin("203.0.113.14", "heidi")).as("closed without an outcome: permits given back").isNotNull();
  }

  @Test
  void aFailedUserStore_countsForNothing() {
    for (int i = 0; i < 5; i++) {
      MockHttpServletRequest request = request("203.0.113.12", "ivan");
      attempts.open(request, new MockHttpServletResponse());
      LoginDetails details = LoginDetailsSource.attribute(attempts, "user").buildDetails(request);
      outcomes.onApplicationEvent(new AuthenticationFailureServiceExceptionEvent(token(details),
          new InternalAuthenticationServiceException("user store down")));
      attempts.close(request);
    }
    assertThat(begin("203.0.113.12", "ivan")).isNotNull();
  }

  @Test
  void outsideAnOpenedRequest_nothingIsLimited() {
    assertThat(attempts.begin(request("203.0.113.13", "judy"), "judy")).isEmpty();
  }

  private LoginDetails begin(String client, String username, String... cookies) {
    MockHttpServletRequest request = request(client, username, cookies);
    attempts.open(request, new MockHttpServletResponse());
    try {
      return LoginDetailsSource.attribute(attempts, "user").buildDetails(request);
    } finally {
      attempts.close(request);
    }
  }

  private void fail(String client, String username) {
    MockHttpServletRequest request = request(client, username);
    attempts.open(request, new MockHttpServletResponse());
    LoginDetails details = LoginDetailsSource.attribute(attempts, "user").buildDetails(request);
    outcomes.onApplicationEvent(new AuthenticationFailureBadCredentialsEvent(token(details),
        new BadCredentialsException("bad")));
    assertThat(attempts.lastFailure(request)).isPresent();
    attempts.close(request);
  }

  private MockHttpServletResponse succeed(String client, String username, String... cookies) {
    MockHttpServletRequest request = request(client, username, cookies);
    MockHttpServletResponse response = new MockHttpServletResponse();
    attempts.open(request, response);
    LoginDetails details = LoginDetailsSource.attribute(attempts, "user").buildDetails(request);
    outcomes.onApplicationEvent(new AuthenticationSuccessEvent(token(details)));
    attempts.close(request);
    return response;
  }

  /** The {@code name=value} pair of the device cookie {@code response} sets, for a {@code Cookie} header. */
  private static String deviceCookie(MockHttpServletResponse response) {
    return response.getHeaders("Set-Cookie").stream().filter(c -> c.startsWith(DEVICE_COOKIE + "="))
        .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow();
  }

  private static UsernamePasswordAuthenticationToken token(LoginDetails details) {
    UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated("u", "p");
    token.setDetails(details);
    return token;
  }

  private static MockHttpServletRequest request(String client, String username, String... cookies) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
    request.setRemoteAddr(client);
    request.setAttribute("user", username);
    if (cookies.length > 0) {
      request.addHeader("Cookie", String.join("; ", cookies));
    }
    return request;
  }
}
