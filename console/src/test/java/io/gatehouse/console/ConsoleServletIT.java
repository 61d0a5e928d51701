package io.gatehouse.console;

import static io.gatehouse.console.ConsoleClient.bearer;
import static io.gatehouse.console.ConsoleClient.cookie;
import static io.gatehouse.console.ConsoleClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.web.csrf.SameOriginGuard;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console mounted in a Servlet application at {@code /ops/*}, behind the {@link io.gatehouse.servlet
 * .GatehouseFilter} and beside the auth servlet at {@code /auth/*}, in a real Jetty: the page and its API for an
 * admin, 401 and 403 for anyone else, the same-origin guard, and the actions an operator takes.
 */
class ConsoleServletIT {

  private static final String CROSS_SITE_RESET = "{\"limiter\":\"login-user\",\"key\":\"bob\"}";

  private ConsoleContainer container;
  private ConsoleClient client;

  private void start(String filterMapping) {
    container = ConsoleContainer.start(filterMapping);
    client = new ConsoleClient(container);
  }

  @AfterEach
  void stop() {
    if (container != null) {
      container.close();
    }
  }

  @Test
  void admin_gets_the_page_under_the_mount_and_its_api() {
    start("/*");
    String token = client.token("root");

    HttpResponse<String> page = client.get("/ops/", cookie(token));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleServlet.CONTENT_SECURITY_POLICY);
    assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-store");
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(page.body()).contains("Signed in as <strong>root</strong>", "data-api=\"/ops/api\"",
        "data-auth=\"/auth\"", "src=\"/ops/assets/console.js\"", "href=\"/ops/assets/uPlot.min.css\"");
    assertThat(client.get("/ops", cookie(token)).body()).isEqualTo(page.body());

    HttpResponse<String> script = client.get("/ops/assets/console.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(script.body()).contains("document.body.dataset.api");
    assertThat(client.get("/ops/assets/uPlot.iife.min.js").statusCode()).isEqualTo(200);
    assertThat(client.get("/ops/assets/secrets.txt").statusCode()).isEqualTo(404);

    HttpResponse<String> overview = client.get("/ops/api/overview", cookie(token));
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.headers().allValues("Cache-Control")).containsExactly("no-store");
    assertThat(json(overview).get("mode").asText()).isEqualTo("DISABLED");
    assertThat(json(overview).get("limiters")).hasSize(4);

    HttpResponse<String> history = client.get("/ops/api/history", cookie(token));
    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(json(history).has("times")).as(history.body()).isTrue();

    HttpResponse<String> limits = client.get("/ops/api/limits?key=203.0.113.7", cookie(token));
    assertThat(limits.statusCode()).isEqualTo(200);
    assertThat(json(limits).get("input").asText()).isEqualTo("203.0.113.7");
    assertThat(json(limits).get("limiters")).extracting(l -> l.get("limiter").asText())
        .containsExactlyInAnyOrder("login-ip", "login-user", "login-device", "login-success");
    assertThat(client.get("/ops/api/limits/top", cookie(token)).statusCode()).isEqualTo(200);
  }

  @Test
  void a_user_without_the_admin_role_gets_403_on_the_page_and_every_endpoint() {
    start("/*");
    String token = client.token("alice");

    HttpResponse<String> page = client.get("/ops/", cookie(token));
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleServlet.CONTENT_SECURITY_POLICY);
    assertThat(page.body()).contains("403: this page needs the admin role", "<strong>alice</strong>");

    for (Function<String[], HttpResponse<String>> call : endpoints()) {
      HttpResponse<String> response = call.apply(cookie(token));
      assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(403);
      assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
      assertThat(json(response).get("message").asText()).isEqualTo("this endpoint needs the admin role");
    }
  }

  @Test
  void without_a_session_the_page_asks_to_sign_in_and_the_api_answers_401() {
    start("/*");

    HttpResponse<String> page = client.get("/ops/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"sign-in\"", "data-auth=\"/auth\"", "src=\"/ops/assets/sign-in.js\"");

    for (Function<String[], HttpResponse<String>> call : endpoints()) {
      HttpResponse<String> response = call.apply(new String[0]);
      assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(401);
      assertThat(json(response).get("error").asText()).isEqualTo("unauthorized");
    }
  }

  @Test
  void cross_site_reset_is_refused_by_the_filter_in_front() {
    start("/*");
    assertCrossSiteResetRefused();
  }

  @Test
  void cross_site_reset_is_refused_by_the_servlet_without_the_filter_in_front() {
    start("/app/*");
    assertThat(client.get("/ops/api/overview", cookie(client.token("root"))).statusCode())
        .as("the servlet authenticates through the filter even where it is not mapped").isEqualTo(200);
    assertCrossSiteResetRefused();
  }

  private void assertCrossSiteResetRefused() {
    String token = client.token("root");
    failLogins("bob", 5);

    HttpResponse<String> response = client.postJson("/ops/api/limits/reset", CROSS_SITE_RESET,
        concat(cookie(token), "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json(response).get("message").asText()).isEqualTo(SameOriginGuard.REFUSAL);
    assertThat(client.login("bob", ConsoleContainer.PASSWORD).statusCode()).isEqualTo(429);
  }

  @Test
  void revoke_all_through_the_console_signs_the_user_out() {
    start("/*");
    String admin = client.token("root");
    String alice = client.token("alice");
    assertThat(client.get("/auth/session", bearer(alice)).statusCode()).isEqualTo(200);

    HttpResponse<String> sessions = client.get("/ops/api/user-sessions?subject=alice", cookie(admin));
    assertThat(json(sessions).get("sessions")).hasSize(1);
    HttpResponse<String> revoked = client.postJson("/ops/api/user-sessions/revoke-all", "{\"subject\":\"alice\"}",
        concat(cookie(admin), "Sec-Fetch-Site", "same-origin"));

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked).get("revoked").asInt()).isEqualTo(1);
    assertThat(client.get("/auth/session", bearer(alice)).statusCode()).isEqualTo(401);
    assertThat(client.get("/ops/api/overview", cookie(admin)).statusCode()).isEqualTo(200);
  }

  @Test
  void reset_of_a_limited_key_lets_the_client_log_in_again() {
    start("/*");
    String admin = client.token("root");
    failLogins("bob", 5);
    assertThat(client.login("bob", ConsoleContainer.PASSWORD).statusCode()).isEqualTo(429);

    // The refusal is reported under whichever of the two exhausted limits frees up last: either may be the top key.
    HttpResponse<String> top = client.get("/ops/api/limits/top", cookie(admin));
    assertThat(json(top).get("keys")).extracting(k -> k.get("limiter").asText())
        .containsAnyOf("login-ip", "login-user");
    JsonNode looked = json(client.get("/ops/api/limits?key=bob", cookie(admin)));
    assertThat(looked.get("limiters")).filteredOn(l -> l.get("limiter").asText().equals("login-user"))
        .extracting(l -> l.get("limited").asBoolean()).containsExactly(true);

    for (String[] reset : List.of(new String[] {"login-user", "bob"}, new String[] {"login-ip", "127.0.0.1"})) {
      HttpResponse<String> response = client.postJson("/ops/api/limits/reset",
          "{\"limiter\":\"" + reset[0] + "\",\"key\":\"" + reset[1] + "\"}",
          concat(cookie(admin), "Sec-Fetch-Site", "same-origin"));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(json(response).get("limited").asBoolean()).isFalse();
    }
    assertThat(client.login("bob", ConsoleContainer.PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void unknown_endpoint_and_wrong_method_answer_json() {
    start("/*");
    String admin = client.token("root");

    HttpResponse<String> missing = client.get("/ops/api/nothing", cookie(admin));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("message").asText()).isEqualTo("no such endpoint");
    HttpResponse<String> wrong = client.delete("/ops/api/overview", bearer(admin));
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("Allow")).hasValue("GET");
  }

  private void failLogins(String username, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(client.login(username, "wrong password").statusCode()).isEqualTo(401);
    }
  }

  /** Every endpoint of the console's API, called with {@code headers}. */
  private List<Function<String[], HttpResponse<String>>> endpoints() {
    return List.of(
        h -> client.get("/ops/api/overview", h),
        h -> client.get("/ops/api/history", h),
        h -> client.get("/ops/api/user-sessions?subject=bob", h),
        h -> client.delete("/ops/api/user-sessions/abc", h),
        h -> client.postJson("/ops/api/user-sessions/revoke-all", "{\"subject\":\"bob\"}", h),
        h -> client.get("/ops/api/limits?key=bob", h),
        h -> client.postJson("/ops/api/limits/reset", CROSS_SITE_RESET, h),
        h -> client.get("/ops/api/limits/top", h));
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
