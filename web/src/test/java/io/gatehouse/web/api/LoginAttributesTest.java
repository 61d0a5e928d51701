package io.gatehouse.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.login.DeviceCookie;
import io.gatehouse.web.login.LoginLimiter;
import io.gatehouse.web.login.VerifiedAccount;
import io.gatehouse.web.testing.FakeRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a login keeps with its session for an admin's view, and how a shadow login limit shows in the answer. */
class LoginAttributesTest {

  private static final String CLIENT = "ip4:203.0.113.7";
  private static final FakeRequest NO_COOKIES = FakeRequest.of("POST");

  private final FakeClock clock = new FakeClock();
  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.builder().clock(clock).build());
  private final RateLimit one = RateLimit.slidingWindow(1, Duration.ofMinutes(15));
  private final RateLimit ten = RateLimit.slidingWindow(10, Duration.ofMinutes(15));
  private final AuthApi api = new AuthApi(sessions,
      LoginLimiter.builder()
          .perClient(RateLimiter.shadow(RateLimiter.inMemory(one, clock, 100)))
          .perUsername(RateLimiter.inMemory(ten, clock, 100))
          .perDevice(RateLimiter.inMemory(ten, clock, 100))
          .successes(RateLimiter.inMemory(ten, clock, 100))
          .deviceCookie(DeviceCookie.builder().randomKey().clock(clock).build())
          .build(),
      (username, password) -> password.equals("right")
          ? Optional.of(new VerifiedAccount(username, Set.of("user"))) : Optional.empty(),
      SessionCookie.create(), clock);
  private final List<String> headers = new ArrayList<>();
  private final HttpResponseView response = (name, value) -> headers.add(name + ": " + value);

  @Test
  void loginAttributes_keepTheClientAndAShortenedPrintableUserAgent() throws Exception {
    Map<String, String> attributes = AuthApi.loginAttributes(InetAddress.getByName("2001:db8::1"),
        "Mozilla/5.0\u0007 " + "x".repeat(400));

    assertThat(attributes.get(AuthApi.CLIENT_ATTRIBUTE)).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(attributes.get(AuthApi.USER_AGENT_ATTRIBUTE)).startsWith("Mozilla/5.0 xxx")
        .hasSize(AuthApi.MAX_USER_AGENT_LENGTH);
    assertThat(AuthApi.loginAttributes(InetAddress.getByName("192.0.2.1"), null))
        .containsOnlyKeys(AuthApi.CLIENT_ATTRIBUTE);
  }

  @Test
  void login_keepsTheAttributesWithTheSession_besideTheRoles() throws Exception {
    api.login(NO_COOKIES, CLIENT, "alice", "right", AuthApi.loginAttributes(InetAddress.getByName("192.0.2.1"), "curl/8"),
        response);

    Session session = sessions.list("alice").get(0);
    assertThat(session.attributes()).containsEntry("client", "192.0.2.1").containsEntry("userAgent", "curl/8")
        .containsEntry("roles", "user");
  }

  @Test
  void passwordLogin_neverMarksItsSessionAsAProvidersOne() {
    api.login(NO_COOKIES, CLIENT, "alice", "right",
        Map.of(AccountCheck.PROVIDER_ATTRIBUTE, "https://evil.example", "client", "192.0.2.1"), response);

    assertThat(sessions.list("alice").get(0).attributes()).doesNotContainKey(AccountCheck.PROVIDER_ATTRIBUTE)
        .containsEntry("client", "192.0.2.1");
  }

  @Test
  void login_overAShadowLimit_goesThrough_andNamesTheLimitInAHeader() {
    ApiError first = catchThrowableOfType(ApiError.class, () -> api.login(NO_COOKIES, CLIENT, "alice", "wrong", response));
    assertThat(first.headers()).doesNotContainKey(RateLimitHeaders.SHADOW_REFUSED);

    ApiError second = catchThrowableOfType(ApiError.class, () -> api.login(NO_COOKIES, CLIENT, "alice", "wrong", response));
    assertThat(second.status()).as("a shadow limit refuses nothing").isEqualTo(401);
    assertThat(second.headers()).containsEntry(RateLimitHeaders.SHADOW_REFUSED, LoginLimiter.PER_CLIENT);

    api.login(NO_COOKIES, CLIENT, "alice", "right", response);
    assertThat(headers).contains(RateLimitHeaders.SHADOW_REFUSED + ": " + LoginLimiter.PER_CLIENT);
  }
}
