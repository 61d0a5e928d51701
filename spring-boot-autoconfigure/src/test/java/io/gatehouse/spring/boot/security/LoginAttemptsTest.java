package io.gatehouse.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.web.client.ClientAddress;
import io.gatehouse.web.client.TrustedProxies;
import io.gatehouse.web.login.LoginListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * The login limit as Spring Security's logins drive it: attempts begun by the details source, outcomes from the
 * authentication events, refusals with the reference server's answers. In-memory limiters on a fixed clock; the
 * requests are Spring's servlet request stand-ins, since only their address and attributes are read.
 */
class LoginAttemptsTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final RateLimit limit = RateLimit.slidingWindow(3, Duration.ofMinutes(15));
  private final LoginAttempts attempts = new LoginAttempts(RateLimiter.inMemory(limit, clock, 100),
      RateLimiter.inMemory(limit, clock, 100), LoginListener.NONE, new ClientAddress(TrustedProxies.none()));
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
  void aSuccess_resetsTheUsernamesCount_notTheClients() {
    fail("203.0.113.2", "bob");
    fail("203.0.113.3", "bob");
    succeed("203.0.113.3", "bob");
    fail("203.0.113.4", "bob");
    fail("203.0.113.5", "bob");
    assertThat(begin("203.0.113.6", "bob")).as("two failures since the success: not limited").isNotNull();
    fail("203.0.113.3", "other");
    fail("203.0.113.3", "other");
    assertThatThrownBy(() -> begin("203.0.113.3", "another")).as("the client's three failures still count")
        .isInstanceOf(LoginRefusedException.class);
  }

  @Test
  void aFailedUserStore_countsForNothing() {
    for (int i = 0; i < 5; i++) {
      MockHttpServletRequest request = request("203.0.113.7");
      attempts.open(request);
      LoginDetails details = LoginDetailsSource.attribute(attempts, "user").buildDetails(request);
      outcomes.onApplicationEvent(new AuthenticationFailureServiceExceptionEvent(token(details),
          new InternalAuthenticationServiceException("user store down")));
      attempts.close(request);
    }
    assertThat(begin("203.0.113.7", "carol")).isNotNull();
  }

  @Test
  void aSecondAttemptWhileTheFirstIsChecked_isToldToRetry() {
    MockHttpServletRequest first = request("203.0.113.8");
    attempts.open(first);
    LoginDetailsSource.attribute(attempts, "user").buildDetails(first);
    assertThatThrownBy(() -> begin("203.0.113.8", "dave"))
        .isInstanceOfSatisfying(LoginRefusedException.class, refused -> {
          assertThat(refused.answer().getMessage()).isEqualTo(LoginAttempts.BUSY);
          assertThat(refused.answer().headers()).containsEntry("Retry-After", "1");
        });
    attempts.close(first);
    assertThat(begin("203.0.113.8", "dave")).isNotNull();
  }

  @Test
  void outsideAnOpenedRequest_nothingIsLimited() {
    MockHttpServletRequest request = request("203.0.113.9");
    request.setAttribute("user", "erin");
    assertThat(attempts.begin(request, "erin")).isEmpty();
  }

  private LoginDetails begin(String client, String username) {
    MockHttpServletRequest request = request(client);
    request.setAttribute("user", username);
    attempts.open(request);
    try {
      return LoginDetailsSource.attribute(attempts, "user").buildDetails(request);
    } finally {
      attempts.close(request);
    }
  }

  private void fail(String client, String username) {
    MockHttpServletRequest request = request(client);
    request.setAttribute("user", username);
    attempts.open(request);
    LoginDetails details = LoginDetailsSource.attribute(attempts, "user").buildDetails(request);
    outcomes.onApplicationEvent(new AuthenticationFailureBadCredentialsEvent(token(details),
        new BadCredentialsException("bad")));
    assertThat(attempts.lastFailure(request)).isPresent();
    attempts.close(request);
  }

  private void succeed(String client, String username) {
    MockHttpServletRequest request = request(client);
    request.setAttribute("user", username);
    attempts.open(request);
    LoginDetails details = LoginDetailsSource.attribute(attempts, "user").buildDetails(request);
    outcomes.onApplicationEvent(new AuthenticationSuccessEvent(token(details)));
    attempts.close(request);
  }

  private static UsernamePasswordAuthenticationToken token(LoginDetails details) {
    UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated("u", "p");
    token.setDetails(details);
    return token;
  }

  private static MockHttpServletRequest request(String client) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
    request.setRemoteAddr(client);
    return request;
  }
}
