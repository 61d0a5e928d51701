package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.bearer;
import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two instances, A and B, on one Redis: a session made on one is the same session on the other. */
class MultiInstanceIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();
  private GatehouseClient a;
  private GatehouseClient b;
  private Map<String, String> env;

  @BeforeEach
  void startTwoInstances() {
    env = RunningServers.env(redis.server().uri(), RunningServers.uniquePrefix(), TestAccounts.usersFile(dir));
    a = new GatehouseClient(servers.start(env));
    b = new GatehouseClient(servers.start(env));
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  @Test
  void login_onA_validate_onB_logout_onB_then_A_rejects() {
    HttpResponse<String> login = a.login("alice", PASSWORD);
    assertThat(login.statusCode()).isEqualTo(200);
    JsonNode body = json(login);
    String token = body.get("token").asText();
    assertThat(body.get("subject").asText()).isEqualTo("alice");
    assertThat(body.get("sessionId").asText()).hasSize(44);
    assertThat(body.get("expiresAt").asText()).isNotEmpty();

    HttpResponse<String> onB = b.get("/api/auth/session", bearer(token));
    assertThat(onB.statusCode()).isEqualTo(200);
    assertThat(json(onB).get("subject").asText()).isEqualTo("alice");
    assertThat(json(onB).get("sessionId").asText()).isEqualTo(body.get("sessionId").asText());

    assertThat(b.post("/api/auth/logout", null, bearer(token)).statusCode()).isEqualTo(200);

    HttpResponse<String> rejected = a.get("/api/auth/session", bearer(token));
    assertThat(rejected.statusCode()).isEqualTo(401);
    assertThat(json(rejected).get("error").asText()).isEqualTo("unauthorized");
  }

  @Test
  void login_setsTheSessionCookie_whichWorksOnTheOtherInstance() {
    HttpResponse<String> login = a.login("alice", PASSWORD);

    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    String token = json(login).get("token").asText();
    assertThat(setCookie).startsWith("gatehouse_session=" + token + "; ")
        .contains("; Path=/", "; HttpOnly", "; SameSite=Lax")
        .matches(".*; Max-Age=(43199|43200);.*")
        .doesNotContain("Secure");
    assertThat(b.get("/api/auth/session", "Cookie", "gatehouse_session=" + token).statusCode()).isEqualTo(200);
  }

  @Test
  void cookie_isSecure_unlessTurnedOff() {
    Map<String, String> secure = new java.util.HashMap<>(env);
    secure.remove("COOKIE_SECURE");
    GatehouseClient c = new GatehouseClient(servers.start(secure));

    assertThat(c.login("alice", PASSWORD).headers().firstValue("Set-Cookie").orElseThrow()).endsWith("; Secure");
  }

  @Test
  void badCredentials_getOneGenericAnswer() {
    HttpResponse<String> wrongPassword = a.login("alice", "wrong");
    HttpResponse<String> unknownUser = a.login("nobody", PASSWORD);

    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(unknownUser.statusCode()).isEqualTo(401);
    assertThat(wrongPassword.body()).isEqualTo(unknownUser.body())
        .isEqualTo("{\"error\":\"invalid_credentials\",\"message\":\"invalid username or password\"}");
  }

  @Test
  void crossSiteCookieRequests_areRefused_bearerRequestsAreNot() {
    String token = a.token("alice", PASSWORD);
    String cookie = "gatehouse_session=" + token;

    HttpResponse<String> crossOrigin = b.post("/api/auth/logout", null, "Cookie", cookie,
        "Origin", "https://evil.example");
    HttpResponse<String> crossSite = b.post("/api/auth/logout", null, "Cookie", cookie, "Sec-Fetch-Site", "cross-site");

    assertThat(crossOrigin.statusCode()).isEqualTo(403);
    assertThat(json(crossOrigin).get("error").asText()).isEqualTo("forbidden");
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(a.get("/api/auth/session", bearer(token)).statusCode()).isEqualTo(200);

    HttpResponse<String> sameOrigin = b.post("/api/auth/logout", null, "Cookie", cookie,
        "Origin", "http://127.0.0.1:" + b.port(), "Sec-Fetch-Site", "same-origin");
    assertThat(sameOrigin.statusCode()).isEqualTo(200);
    assertThat(sameOrigin.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("gatehouse_session=; ")
        .contains("Max-Age=0");

    String other = a.token("alice", PASSWORD);
    assertThat(b.post("/api/auth/logout", null, "Authorization", "Bearer " + other, "Origin", "https://evil.example")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void mySessions_listAndRevokeOne() {
    String first = a.token("alice", PASSWORD);
    String second = b.token("alice", PASSWORD);

    JsonNode list = json(a.get("/api/auth/sessions", bearer(first))).get("sessions");
    assertThat(list).hasSize(2);
    assertThat(list.findValues("current")).extracting(JsonNode::asBoolean).containsExactly(true, false);
    String secondId = list.get(1).get("sessionId").asText();

    assertThat(a.delete("/api/auth/sessions/" + secondId, bearer(first)).statusCode()).isEqualTo(200);
    assertThat(b.get("/api/auth/session", bearer(second)).statusCode()).isEqualTo(401);
    assertThat(a.delete("/api/auth/sessions/" + secondId, bearer(first)).statusCode()).isEqualTo(404);
  }

  @Test
  void othersSessions_areUnknownToUsers_andVisibleToAdmins() {
    String alice = a.token("alice", PASSWORD);
    String bob = a.token("bob", PASSWORD);
    String root = b.token("root", PASSWORD);
    String bobsId = json(a.get("/api/auth/session", bearer(bob))).get("sessionId").asText();

    HttpResponse<String> notHers = b.delete("/api/auth/sessions/" + bobsId, bearer(alice));
    assertThat(notHers.statusCode()).isEqualTo(404);
    assertThat(json(notHers).get("message").asText()).isEqualTo("no such session");
    assertThat(b.get("/api/admin/sessions?subject=bob", bearer(alice)).statusCode()).isEqualTo(403);
    assertThat(b.get("/api/admin/sessions", bearer(root)).statusCode()).isEqualTo(400);

    HttpResponse<String> listed = b.get("/api/admin/sessions?subject=bob", bearer(root));
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(json(listed).get("sessions").findValuesAsText("sessionId")).containsExactly(bobsId);

    assertThat(b.delete("/api/auth/sessions/" + bobsId, bearer(root)).statusCode()).isEqualTo(200);
    assertThat(a.get("/api/auth/session", bearer(bob)).statusCode()).isEqualTo(401);
  }

  @Test
  void revokeAll_logsOutEveryDevice_onEveryInstance() {
    String first = a.token("alice", PASSWORD);
    String second = b.token("alice", PASSWORD);

    HttpResponse<String> revoked = b.post("/api/auth/sessions/revoke-all", null, bearer(first));

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked).get("revoked").asInt()).isEqualTo(2);
    assertThat(a.get("/api/auth/session", bearer(first)).statusCode()).isEqualTo(401);
    assertThat(a.get("/api/auth/session", bearer(second)).statusCode()).isEqualTo(401);
  }
}
