package io.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.Gatehouse;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.SessionCookie;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The filter's and the auth servlet's builders reject bad settings at once, naming them and the accepted form. */
class GatehouseFilterTest {

  private final Gatehouse gatehouse = TestGatehouses.inMemory().build();
  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.create());

  @AfterEach
  void close() {
    gatehouse.close();
    sessions.close();
  }

  @Test
  void requireLogin_servletStylePattern() {
    assertThatThrownBy(() -> GatehouseFilter.builder(gatehouse).requireLogin("/api", "/admin/*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("login path prefix must be a path such as /api (starting with /, without wildcards, query, spaces,"
            + " '.' or '..' segments), got \"/admin/*\"");
  }

  @Test
  void requireLogin_noPrefix() {
    assertThatThrownBy(() -> GatehouseFilter.builder(gatehouse).requireLogin())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one login path prefix is needed, such as /api");
  }

  @Test
  void apiRateLimit_relativePrefix() {
    RateLimiter api = RateLimiter.inMemory(RateLimit.tokenBucket(10, Duration.ofSeconds(1), 20));
    assertThatThrownBy(() -> GatehouseFilter.builder(sessions).apiRateLimit(api, "api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate-limited path prefix must be a path such as /api (starting with /, without wildcards, query,"
            + " spaces, '.' or '..' segments), got \"api\"");
  }

  @Test
  void builder_nullSettings_areNamed() {
    assertThatThrownBy(() -> GatehouseFilter.builder(gatehouse).cookie(null)).hasMessage("cookie");
    assertThatThrownBy(() -> GatehouseFilter.builder(gatehouse).authenticator(null)).hasMessage("authenticator");
    assertThatThrownBy(() -> GatehouseFilter.builder((SessionStore) null)).hasMessage("sessions");
  }

  @Test
  void toString_showsTheSettings() {
    RateLimiter api = RateLimiter.inMemory(RateLimit.tokenBucket(10, Duration.ofSeconds(1), 20));
    GatehouseFilter filter = GatehouseFilter.builder(sessions).requireLogin("/api/", "/admin")
        .apiRateLimit(api, "/api").build();

    assertThat(filter).hasToString("GatehouseFilter{SessionCookie{__Host-gatehouse_session, Path=/, HttpOnly, "
        + "SameSite=Lax, Secure}, login required under /api, /admin, API rate limit TokenBucket[permits=10, "
        + "period=PT1S, burst=20] under /api}");
  }

  @Test
  void authServlet_withoutCredentials() {
    GatehouseAuthServlet.Builder servlet = GatehouseAuthServlet.builder(GatehouseFilter.builder(gatehouse).build())
        .loginLimiter(TestGatehouses.loginLimiter(gatehouse, SessionCookie.create()));

    assertThatThrownBy(servlet::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("credentials are required: credentials(verifier) with the application's CredentialVerifier, "
            + "which checks a username and password");
  }

  @Test
  void authServlet_withoutLoginLimits() {
    GatehouseAuthServlet.Builder servlet = GatehouseAuthServlet.builder(GatehouseFilter.builder(gatehouse).build())
        .credentials(new TestAccounts());

    assertThatThrownBy(servlet::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a login limiter is required: loginLimiter(LoginLimiter.builder()...build()), on limiters such as "
            + "gatehouse.rateLimiter(\"login-ip\")");
  }

  @Test
  void authServlet_maxBodyBytesOutOfRange() {
    GatehouseAuthServlet.Builder servlet = GatehouseAuthServlet.builder(GatehouseFilter.builder(gatehouse).build());

    assertThatThrownBy(() -> servlet.maxBodyBytes(1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max body bytes must be between 8192 and 1048576 (a login body holds a username of up to 256 and "
            + "a password of up to 1024 characters), got 1024");
    assertThatThrownBy(() -> servlet.maxBodyBytes(2_000_000)).hasMessageEndingWith("got 2000000");
  }
}
