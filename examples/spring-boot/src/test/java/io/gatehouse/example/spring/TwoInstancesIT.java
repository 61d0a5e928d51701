package io.gatehouse.example.spring;

import static io.gatehouse.example.spring.Logins.COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.testing.RedisServerExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the example application on one real Redis, called over real HTTP: a login made on either is
 * good on both, a logout on either ends it on both, and the login limit counts across both. Each test is its own
 * client ({@code X-Forwarded-For} from a trusted proxy), since the limit counts per client.
 */
class TwoInstancesIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  static ExampleInstance first;
  static ExampleInstance second;

  @BeforeAll
  static void start() {
    first = ExampleInstance.start(redis.server().uri());
    second = ExampleInstance.start(redis.server().uri());
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
  void jsonLogin_onOne_isGoodOnTheOther_andALogoutOnTheOtherEndsItOnTheFirst() {
    String token = Logins.bearer(first, "alice", "alice-password", "203.0.113.1");

    Http.Response me = Http.get(second.uri("/api/me"), "Authorization", "Bearer " + token);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("subject").stringValue()).isEqualTo("alice");
    assertThat(me.json().get("authorities").toString()).contains("ROLE_USER");

    assertThat(Http.post(second.uri("/api/logout"), "Authorization", "Bearer " + token).status()).isEqualTo(204);
    assertThat(Http.get(first.uri("/api/me"), "Authorization", "Bearer " + token).status()).isEqualTo(401);
  }

  @Test
  void formLogin_setsACookieBothInstancesAccept_withoutAnHttpSession_andLogoutOnOneEndsItOnBoth() {
    Http.Response login = Logins.form(first, "alice", "alice-password", "203.0.113.2");
    assertThat(login.status()).isEqualTo(302);
    assertThat(login.header("Location")).hasValue(first.uri("/").toString());
    assertThat(login.setCookies()).noneMatch(cookie -> cookie.startsWith("JSESSIONID"));
    String cookie = login.cookie(COOKIE).orElseThrow();
    assertThat(login.setCookies()).anySatisfy(setCookie -> assertThat(setCookie).startsWith(cookie)
        .contains("HttpOnly", "SameSite=Lax", "Secure", "Path=/"));

    Http.Response home = Http.get(second.uri("/"), "Cookie", cookie);
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.body()).isEqualTo("Hello, alice\n");

    Logins.LoginPage page = Logins.loginPage(second);
    Http.Response logout = Http.postForm(second.uri("/logout"), Map.of("_csrf", page.csrfToken()),
        "Cookie", cookie + "; " + page.csrfCookie());
    assertThat(logout.status()).isEqualTo(302);
    assertThat(logout.setCookies()).anySatisfy(setCookie -> assertThat(setCookie).startsWith(COOKIE + "=;")
        .contains("Max-Age=0"));
    assertThat(Http.get(first.uri("/"), "Cookie", cookie).status()).isEqualTo(302);
  }

  @Test
  void aNewLogin_revokesTheSessionTheBrowserCameWith() {
    String before = Logins.form(first, "alice", "alice-password", "203.0.113.3").cookie(COOKIE).orElseThrow();
    String after = Logins.form(second, "alice", "alice-password", "203.0.113.3", before).cookie(COOKIE).orElseThrow();

    assertThat(after).isNotEqualTo(before);
    assertThat(Http.get(first.uri("/"), "Cookie", after).status()).isEqualTo(200);
    assertThat(Http.get(first.uri("/"), "Cookie", before).status()).isEqualTo(302);
  }

  @Test
  void httpBasic_createsASession_whoseCookieTheOtherInstanceAccepts() {
    Http.Response basic = Http.get(first.uri("/api/me"), "Authorization", basic("alice", "alice-password"),
        "X-Forwarded-For", "203.0.113.4");
    assertThat(basic.status()).isEqualTo(200);
    String cookie = basic.cookie(COOKIE).orElseThrow();

    Http.Response me = Http.get(second.uri("/api/me"), "Cookie", cookie);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("subject").stringValue()).isEqualTo("alice");
    assertThat(me.json().has("sessionId")).isTrue();
  }

  @Test
  void adminEndpoints_needTheAdminRole() {
    String alice = Logins.bearer(first, "alice", "alice-password", "203.0.113.5");
    String admin = Logins.bearer(second, "admin", "admin-password", "203.0.113.5");

    assertThat(Http.get(first.uri("/api/admin/sessions?subject=alice"), "Authorization", "Bearer " + alice).status())
        .isEqualTo(403);
    Http.Response listing = Http.get(first.uri("/api/admin/sessions?subject=alice"),
        "Authorization", "Bearer " + admin);
    assertThat(listing.status()).isEqualTo(200);
    assertThat(listing.json().get("sessions")).isNotEmpty();
    assertThat(Http.get(second.uri("/admin"), "Authorization", "Bearer " + alice).status()).isEqualTo(403);
    assertThat(Http.get(second.uri("/admin"), "Authorization", "Bearer " + admin).body())
        .isEqualTo("Admin area, admin\n");
  }

  @Test
  void failedLogins_perClient_countAcrossBothInstances_andThenEvenTheRightPasswordIsRefused() {
    String client = "198.51.100.7";
    for (int attempt = 1; attempt <= 5; attempt++) {
      ExampleInstance instance = attempt % 2 == 0 ? second : first;
      Http.Response failed = Http.postJson(instance.uri("/api/login"), Logins.json("nobody-" + attempt, "guess"),
          "X-Forwarded-For", client);
      assertThat(failed.status()).isEqualTo(401);
      assertThat(failed.json().get("error").stringValue()).isEqualTo("invalid_credentials");
      assertThat(failed.header("RateLimit-Remaining")).hasValue(Integer.toString(5 - attempt));
    }

    Http.Response refused = Http.postJson(first.uri("/api/login"), Logins.json("alice", "alice-password"),
        "X-Forwarded-For", client);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).hasValueSatisfying(seconds ->
        assertThat(Long.parseLong(seconds)).isBetween(1L, 900L));
    assertThat(refused.json().get("error").stringValue()).isEqualTo("too_many_requests");
    assertThat(refused.json().get("message").stringValue()).startsWith("too many failed logins; retry after ");

    Http.Response form = Logins.form(second, "alice", "alice-password", client);
    assertThat(form.status()).isEqualTo(429);
    Http.Response basic = Http.get(second.uri("/api/me"), "Authorization", basic("alice", "alice-password"),
        "X-Forwarded-For", client);
    assertThat(basic.status()).isEqualTo(429);
    assertThat(Logins.bearer(second, "alice", "alice-password", "198.51.100.8")).isNotEmpty();
  }

  @Test
  void failedLogins_perUsername_countAcrossClientsAndInstances() {
    for (int attempt = 1; attempt <= 5; attempt++) {
      ExampleInstance instance = attempt % 2 == 0 ? second : first;
      assertThat(Http.postJson(instance.uri("/api/login"), Logins.json("carol", "guess-" + attempt),
          "X-Forwarded-For", "192.0.2." + attempt).status()).isEqualTo(401);
    }
    Http.Response refused = Http.postJson(second.uri("/api/login"), Logins.json("Carol", "guess-6"),
        "X-Forwarded-For", "192.0.2.100");
    assertThat(refused.status()).isEqualTo(429);
  }

  @Test
  void csrfProtection_staysAsTheChainConfiguresIt() {
    String cookie = Logins.form(first, "alice", "alice-password", "203.0.113.9").cookie(COOKIE).orElseThrow();
    assertThat(Http.post(first.uri("/api/logout"), "Cookie", cookie).status()).isEqualTo(403);
    assertThat(Http.postForm(first.uri("/logout"), Map.of(), "Cookie", cookie).status()).isEqualTo(403);
    assertThat(Http.get(second.uri("/"), "Cookie", cookie).status()).isEqualTo(200);
  }

  @Test
  void jsonLogin_refusesWhatIsNotAJsonLogin() {
    assertThat(Http.postForm(first.uri("/api/login"), Map.of("username", "alice", "password", "x")).status())
        .isEqualTo(415);
    Http.Response missing = Http.postJson(first.uri("/api/login"), "{\"username\":\"alice\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("message").stringValue()).isEqualTo("password is required");
    assertThat(Http.postJson(first.uri("/api/login"), "[1]").json().get("message").stringValue())
        .isEqualTo("the body must be a JSON object");
    Http.Response large = Http.postJson(first.uri("/api/login"), Logins.json("alice", "x".repeat(5000)));
    assertThat(large.status()).isEqualTo(413);
    assertThat(large.json().get("message").stringValue()).isEqualTo("the body must be at most 4096 bytes");
  }

  @Test
  void namedRateLimit_isSharedAcrossInstances() {
    String token = Logins.bearer(first, "admin", "admin-password", "203.0.113.10");
    for (int call = 1; call <= 3; call++) {
      ExampleInstance instance = call % 2 == 0 ? second : first;
      assertThat(Http.get(instance.uri("/api/quote"), "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }
    Http.Response limited = Http.get(second.uri("/api/quote"), "Authorization", "Bearer " + token);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isPresent();
    assertThat(limited.header("RateLimit-Remaining")).hasValue("0");
  }

  @Test
  void health_isUp_withTheGatehouseComponentOnRedis() {
    Http.Response health = Http.get(first.uri("/actuator/health"));
    assertThat(health.status()).isEqualTo(200);
    JsonNode gatehouse = health.json().get("components").get("gatehouse");
    assertThat(health.json().get("status").stringValue()).isEqualTo("UP");
    assertThat(gatehouse.get("status").stringValue()).isEqualTo("UP");
    assertThat(gatehouse.get("details").get("mode").stringValue()).isEqualTo("PRIMARY");
    assertThat(gatehouse.get("details").get("location").stringValue()).isEqualTo(redis.server().uri() + "/0");
  }

  @Test
  void loginMeters_haveTheReferenceServersNames() {
    String admin = Logins.bearer(second, "admin", "admin-password", "203.0.113.11");
    Http.Response meter = Http.get(second.uri("/actuator/metrics/gatehouse.logins?tag=outcome:success"),
        "Authorization", "Bearer " + admin);
    assertThat(meter.status()).isEqualTo(200);
    assertThat(meter.json().get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1.0);
  }

  private static String basic(String username, String password) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((username + ":" + password).getBytes());
  }
}
