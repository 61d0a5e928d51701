package io.gatehouse.servlet;

import static io.gatehouse.servlet.ContainerClient.bearer;
import static io.gatehouse.servlet.ContainerClient.cookie;
import static io.gatehouse.servlet.ContainerClient.json;
import static io.gatehouse.servlet.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two servlet containers, A and B, each with its own Gatehouse on one Redis: a session made on one is the other's. */
class MultiContainerIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private TestContainer containerA;
  private TestContainer containerB;
  private ContainerClient a;
  private ContainerClient b;

  @BeforeEach
  void startTwoContainers() {
    String prefix = TestGatehouses.uniquePrefix();
    containerA = TestContainer.start(TestGatehouses.onRedis(redis.server().uri(), prefix).build());
    containerB = TestContainer.start(TestGatehouses.onRedis(redis.server().uri(), prefix).build());
    a = new ContainerClient(containerA);
    b = new ContainerClient(containerB);
  }

  @AfterEach
  void stop() {
    containerA.close();
    containerB.close();
  }

  @Test
  void login_onA_validate_onB_logout_onB_then_A_rejects() {
    HttpResponse<String> login = a.login("alice", PASSWORD);
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode body = json(login);
    String token = body.get("token").asText();
    assertThat(body.get("subject").asText()).isEqualTo("alice");
    assertThat(body.get("sessionId").asText()).hasSize(44);
    assertThat(body.get("roles").toString()).isEqualTo("[\"user\"]");
    assertThat(body.get("expiresAt").asText()).isNotEmpty();

    HttpResponse<String> onB = b.get("/auth/session", bearer(token));
    assertThat(onB.statusCode()).isEqualTo(200);
    assertThat(json(onB).get("subject").asText()).isEqualTo("alice");
    assertThat(json(onB).get("sessionId").asText()).isEqualTo(body.get("sessionId").asText());
    assertThat(json(onB).get("current").asBoolean()).isTrue();

    assertThat(b.post("/auth/logout", bearer(token)).body()).isEqualTo("{\"loggedOut\":true}");

    HttpResponse<String> rejected = a.get("/auth/session", bearer(token));
    assertThat(rejected.statusCode()).isEqualTo(401);
    assertThat(rejected.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(rejected.body())
        .isEqualTo("{\"error\":\"unauthorized\",\"message\":\"no valid session: log in first\"}");
    assertThat(a.get("/api/whoami", bearer(token)).statusCode()).isEqualTo(401);
  }

  @Test
  void login_setsTheSessionCookie_whichWorksOnTheOtherContainer() {
    HttpResponse<String> login = a.login("alice", PASSWORD);

    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    String token = json(login).get("token").asText();
    assertThat(setCookie).startsWith("gatehouse_session=" + token + "; ")
        .contains("; Path=/", "; HttpOnly", "; SameSite=Lax")
        .matches(".*; Max-Age=(43199|43200);.*")
        .doesNotContain("Secure");
    HttpResponse<String> whoami = b.get("/api/whoami", cookie(token));
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(json(whoami).get("remoteUser").asText()).isEqualTo("alice");
    assertThat(json(whoami).get("authType").asText()).isEqualTo("SESSION_COOKIE");
  }

  @Test
  void badCredentials_getOneGenericAnswer() {
    HttpResponse<String> wrongPassword = a.login("alice", "wrong");
    HttpResponse<String> unknownUser = b.login("nobody", PASSWORD);

    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(unknownUser.statusCode()).isEqualTo(401);
    assertThat(wrongPassword.body()).isEqualTo(unknownUser.body())
        .isEqualTo("{\"error\":\"invalid_credentials\",\"message\":\"invalid username or password\"}");
    assertThat(wrongPassword.headers().firstValue("RateLimit-Remaining")).contains("4");
  }

  @Test
  void crossSiteCookieRequests_areRefused_bearerRequestsAreNot() {
    String token = a.token("alice", PASSWORD);
    String[] evilOrigin = {"Origin", "https://evil.example"};
    String[] crossSite = {"Sec-Fetch-Site", "cross-site"};

    for (String path : new String[] {"/auth/logout", "/api/notes"}) {
      HttpResponse<String> fromEvil = b.post(path, concat(cookie(token), evilOrigin));
      assertThat(fromEvil.statusCode()).as(path).isEqualTo(403);
      assertThat(json(fromEvil).get("error").asText()).isEqualTo("forbidden");
      assertThat(json(fromEvil).get("message").asText()).startsWith("cross-site request refused");
      assertThat(b.post(path, concat(cookie(token), crossSite)).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(a.login("alice", PASSWORD, evilOrigin).statusCode()).isEqualTo(403);
    assertThat(a.get("/auth/session", bearer(token)).statusCode()).isEqualTo(200);

    HttpResponse<String> note = b.post("/api/notes", concat(bearer(token), evilOrigin));
    assertThat(note.statusCode()).isEqualTo(200);
    assertThat(json(note).get("remoteUser").asText()).isEqualTo("alice");

    HttpResponse<String> sameOrigin = b.post("/auth/logout", concat(cookie(token),
        new String[] {"Origin", "http://127.0.0.1:" + b.port(), "Sec-Fetch-Site", "same-origin"}));
    assertThat(sameOrigin.statusCode()).isEqualTo(200);
    assertThat(sameOrigin.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("gatehouse_session=; ")
        .contains("Max-Age=0");

    String other = a.token("alice", PASSWORD);
    HttpResponse<String> bearerLogout = b.post("/auth/logout", concat(bearer(other), evilOrigin, crossSite));
    assertThat(bearerLogout.statusCode()).isEqualTo(200);
    assertThat(bearerLogout.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void mySessions_listAndRevokeOne() {
    String first = a.token("alice", PASSWORD);
    String second = b.token("alice", PASSWORD);

    JsonNode list = json(a.get("/auth/sessions", bearer(first))).get("sessions");
    assertThat(list).hasSize(2);
    assertThat(list.findValues("current")).extracting(JsonNode::asBoolean).containsExactly(true, false);
    String secondId = list.get(1).get("sessionId").asText();

    HttpResponse<String> revoked = a.delete("/auth/sessions/" + secondId, bearer(first));
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked).get("sessionId").asText()).isEqualTo(secondId);
    assertThat(b.get("/auth/session", bearer(second)).statusCode()).isEqualTo(401);
    HttpResponse<String> again = a.delete("/auth/sessions/" + secondId, bearer(first));
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"no such session\"}");
  }

  @Test
  void othersSessions_areUnknownToUsers_andVisibleToAdmins() {
    String alice = a.token("alice", PASSWORD);
    String bob = a.token("bob", PASSWORD);
    String root = b.token("root", PASSWORD);
    String bobsId = json(a.get("/auth/session", bearer(bob))).get("sessionId").asText();

    HttpResponse<String> notHers = b.delete("/auth/sessions/" + bobsId, bearer(alice));
    assertThat(notHers.statusCode()).isEqualTo(404);
    assertThat(json(notHers).get("message").asText()).isEqualTo("no such session");
    HttpResponse<String> notAdmin = b.get("/auth/admin/sessions?subject=bob", bearer(alice));
    assertThat(notAdmin.body())
        .isEqualTo("{\"error\":\"forbidden\",\"message\":\"this endpoint needs the admin role\"}");
    assertThat(notAdmin.statusCode()).isEqualTo(403);
    assertThat(b.get("/auth/admin/sessions", bearer(root)).statusCode()).isEqualTo(400);

    HttpResponse<String> listed = b.get("/auth/admin/sessions?subject=bob", bearer(root));
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(json(listed).get("subject").asText()).isEqualTo("bob");
    assertThat(json(listed).get("sessions").findValuesAsText("sessionId")).containsExactly(bobsId);

    assertThat(b.delete("/auth/sessions/" + bobsId, bearer(root)).statusCode()).isEqualTo(200);
    assertThat(a.get("/auth/session", bearer(bob)).statusCode()).isEqualTo(401);
  }

  @Test
  void revokeAll_logsOutEveryDevice_onEveryContainer() {
    String first = a.token("alice", PASSWORD);
    String second = b.token("alice", PASSWORD);

    HttpResponse<String> revoked = b.post("/auth/sessions/revoke-all", bearer(first));

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked).get("revoked").asInt()).isEqualTo(2);
    assertThat(a.get("/auth/session", bearer(first)).statusCode()).isEqualTo(401);
    assertThat(a.get("/auth/session", bearer(second)).statusCode()).isEqualTo(401);
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}
