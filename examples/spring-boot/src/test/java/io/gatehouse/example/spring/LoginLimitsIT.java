package io.gatehouse.example.spring;

import static io.gatehouse.example.spring.Logins.COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.Gatehouse;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.web.login.LoginLimiter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * The login limit's rules over real HTTP, on two instances that share one Redis and one device key: a browser that
 * logged in before is not locked out by strangers guessing its user's password, and successful logins per user are
 * limited too. Each test uses its own account, so the per-username counts of one do not reach another.
 */
class LoginLimitsIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static final String DEVICE_COOKIE = "__Host-gatehouse_device";
  private static final String[] PROPERTIES = {"gatehouse.login.device-key=Zq4v0N7c2mXl9RkT1pYe8sWb3HdU6fJa",
      "gatehouse.login.success-limit=5"};

  static ExampleInstance first;
  static ExampleInstance second;

  @BeforeAll
  static void start() {
    first = ExampleInstance.start(redis.server().uri(), PROPERTIES);
    second = ExampleInstance.start(redis.server().uri(), PROPERTIES);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void strangersGuessingAlicesPassword_doNotLockOutAlicesBrowser_whichHasTheDeviceCookieFromAnEarlierLogin() {
    String browser = "203.0.113.20";
    Http.Response earlier = Logins.form(first, "alice", "alice-password", browser);
    assertThat(earlier.status()).isEqualTo(302);
    assertThat(earlier.setCookies()).anySatisfy(setCookie -> assertThat(setCookie).startsWith(DEVICE_COOKIE + "=")
        .contains("Path=/", "Max-Age=7776000", "HttpOnly", "SameSite=Lax", "Secure"));
    String device = earlier.cookie(DEVICE_COOKIE).orElseThrow();

    for (int guess = 1; guess <= 5; guess++) {
      ExampleInstance instance = guess % 2 == 0 ? second : first;
      assertThat(Http.postJson(instance.uri("/api/login"), Logins.json("alice", "guess-" + guess),
          "X-Forwarded-For", "192.0.2." + (20 + guess)).status()).isEqualTo(401);
    }
    Http.Response stranger = Http.postJson(second.uri("/api/login"), Logins.json("alice", "alice-password"),
        "X-Forwarded-For", "192.0.2.26");
    assertThat(stranger.status()).as("even the right password, from a client without the cookie").isEqualTo(429);
    assertThat(stranger.json().get("message").stringValue()).startsWith("too many failed logins; retry after ");

    Http.Response owner = Logins.form(second, "alice", "alice-password", browser, device);
    assertThat(owner.status()).as(owner.body()).isEqualTo(302);
    assertThat(owner.header("Location")).hasValue(second.uri("/").toString());
    String session = owner.cookie(COOKIE).orElseThrow();
    assertThat(Http.get(first.uri("/"), "Cookie", session).body()).isEqualTo("Hello, alice\n");
    assertThat(Logins.form(first, "alice", "alice-password", browser).status())
        .as("the same address without the cookie is a stranger").isEqualTo(429);
  }

  @Test
  void successfulLogins_beyondTheSuccessLimit_areAnswered429_withoutASession() {
    for (int login = 1; login <= 5; login++) {
      ExampleInstance instance = login % 2 == 0 ? second : first;
      Http.Response response = Http.postJson(instance.uri("/api/login"), Logins.json("admin", "admin-password"),
          "X-Forwarded-For", "203.0.113.30");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.cookie(DEVICE_COOKIE)).as("the JSON login sets the device cookie too").isPresent();
    }
    Http.Response refused = Http.postJson(second.uri("/api/login"), Logins.json("admin", "admin-password"),
        "X-Forwarded-For", "203.0.113.31");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("error").stringValue()).isEqualTo("too_many_requests");
    assertThat(refused.json().get("message").stringValue()).startsWith("too many logins for this user; retry after ");
    assertThat(refused.header("Retry-After")).isPresent();
    assertThat(refused.json().has("token")).isFalse();
    assertThat(refused.cookie(COOKIE)).isEmpty();
  }

  /**
   * The success limit reached while a password was being checked: the refusal comes from Spring Security's success
   * event, and must still end as a 429 without a session, not as a redirect, a 401 or a 500.
   */
  @Test
  void aSuccessThatFindsTheLimitReachedAfterItsPasswordCheck_isAnswered429_withoutASession() {
    try (ExampleInstance racing = ExampleInstance.start(List.of(OtherLoginsMeanwhile.class), redis.server().uri(),
        "gatehouse.redis.key-prefix=race:", "gatehouse.login.success-limit=1")) {
      OtherLoginsMeanwhile.enabled.set(true);
      try {
        Http.Response form = Logins.form(racing, "alice", "alice-password", "203.0.113.40");
        assertThat(form.status()).as(form.body()).isEqualTo(429);
        assertThat(form.cookie(COOKIE)).isEmpty();
        assertThat(form.cookie(DEVICE_COOKIE)).isEmpty();
        assertThat(racing.bean(Gatehouse.class).sessions().list("alice", 10)).isEmpty();
      } finally {
        OtherLoginsMeanwhile.enabled.set(false);
      }
    }
  }

  /**
   * Another instance's login of the same user completing while this one checks the password: a success event
   * listener that runs before the starter's and takes the user's last successful login.
   */
  static class OtherLoginsMeanwhile {

    static final AtomicBoolean enabled = new AtomicBoolean();

    @Bean
    Listener otherLoginMeanwhile(Gatehouse gatehouse) {
      return new Listener(gatehouse);
    }

    /** Ordered first, so it runs between the password check and the starter's listener. */
    record Listener(Gatehouse gatehouse) implements ApplicationListener<AuthenticationSuccessEvent>, Ordered {
      @Override
      public void onApplicationEvent(AuthenticationSuccessEvent event) {
        if (enabled.get()) {
          gatehouse.rateLimiter("login-success").tryAcquire(LoginLimiter.usernameKey(event.getAuthentication()
              .getName()));
        }
      }

      @Override
      public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
      }
    }
  }
}
