package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.bearer;
import static io.gatehouse.server.GatehouseClient.json;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use the console, over plain HTTP: a visitor gets the sign-in page, a non-admin 403 on the page and on every
 * action, an admin the console and JSON that is never cached; a cross-site POST is refused. In memory only, since
 * none of this depends on Redis (the browser test runs on a real one).
 */
class ConsoleAccessIT {

  private static final List<String[]> ADMIN_CALLS = List.of(
      new String[] {"GET", "/api/admin/overview"},
      new String[] {"GET", "/api/admin/history"},
      new String[] {"GET", "/api/admin/user-sessions?subject=alice"},
      new String[] {"DELETE", "/api/admin/user-sessions/" + "A".repeat(44)},
      new String[] {"POST", "/api/admin/user-sessions/revoke-all"},
      new String[] {"GET", "/api/admin/limits?key=127.0.0.1"},
      new String[] {"POST", "/api/admin/limits/reset"},
      new String[] {"GET", "/api/admin/limits/top"});

  @TempDir
  static Path dir;

  private static final RunningServers servers = new RunningServers();
  private static GatehouseClient client;

  @BeforeAll
  static void start() {
    client = new GatehouseClient(servers.start(RunningServers.memoryOnly(TestAccounts.usersFile(dir), Map.of())));
  }

  @AfterAll
  static void stop() {
    servers.close();
  }

  @Test
  void page_signInForAVisitor_403ForAUser_theConsoleForAnAdmin_neverCached() {
    HttpResponse<String> visitor = client.get("/admin");
    assertThat(visitor.statusCode()).isEqualTo(200);
    assertThat(visitor.body()).contains("<form id=\"sign-in\">").doesNotContain("session-search");
    assertThat(visitor.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(visitor.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("script-src 'self'", "frame-ancestors 'none'");

    HttpResponse<String> user = client.get("/admin", bearer(client.token("bob", PASSWORD)));
    assertThat(user.statusCode()).isEqualTo(403);
    assertThat(user.body()).contains("signed in as <strong>bob</strong>").doesNotContain("session-search");

    HttpResponse<String> admin = client.get("/admin", bearer(client.token("root", PASSWORD)));
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.body()).contains("Signed in as <strong>root</strong>", "<form id=\"session-search\">");
    assertThat(admin.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void everyAction_401WithoutASession_403ForAUser_andNeverCachedForAnAdmin() {
    String bob = client.token("bob", PASSWORD);
    String root = client.token("root", PASSWORD);
    for (String[] call : ADMIN_CALLS) {
      assertThat(client.method(call[0], call[1]).statusCode()).as("%s %s anonymous", call[0], call[1])
          .isEqualTo(401);
      HttpResponse<String> asBob = client.method(call[0], call[1], bearer(bob));
      assertThat(asBob.statusCode()).as("%s %s as bob", call[0], call[1]).isEqualTo(403);
      assertThat(json(asBob).get("message").asText()).isEqualTo("this endpoint needs the admin role");
    }
    HttpResponse<String> overview = client.get("/api/admin/overview", bearer(root));
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(json(overview).get("mode").asText()).isEqualTo("DISABLED");
    assertThat(json(overview).at("/limiters/0/name").asText()).isEqualTo("login-ip");
  }

  @Test
  void crossSitePost_withTheAdminsCookie_isRefused() {
    String cookie = "gatehouse_session=" + client.token("root", PASSWORD);

    HttpResponse<String> crossSite = client.postJson("/api/admin/limits/reset",
        "{\"limiter\":\"login-ip\",\"key\":\"127.0.0.1\"}", "Cookie", cookie, "Origin", "https://evil.example");

    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(json(crossSite).get("message").asText()).contains("cross-site");
    HttpResponse<String> sameSite = client.postJson("/api/admin/limits/reset",
        "{\"limiter\":\"login-ip\",\"key\":\"127.0.0.1\"}", "Cookie", cookie,
        "Origin", "http://127.0.0.1:" + client.port());
    assertThat(sameSite.statusCode()).isEqualTo(200);
  }

  @Test
  void userSessions_showWhereAndWithWhatEachLoggedIn() {
    client.login("alice", PASSWORD, "User-Agent", "ConsoleAccessIT/1.0");
    String root = client.token("root", PASSWORD);

    JsonNode sessions = json(client.get("/api/admin/user-sessions?subject=alice", bearer(root))).get("sessions");

    JsonNode last = sessions.get(sessions.size() - 1);
    assertThat(last.get("client").asText()).isEqualTo("127.0.0.1");
    assertThat(last.get("userAgent").asText()).isEqualTo("ConsoleAccessIT/1.0");
    assertThat(client.get("/api/admin/user-sessions?subject=", bearer(root)).statusCode()).isEqualTo(400);
  }

  @Test
  void assets_areServedByTheServer_onlyTheListedOnes() {
    HttpResponse<String> uplot = client.get("/admin/assets/uPlot.iife.min.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.headers().firstValue("Content-Type")).get().asString().startsWith("text/javascript");
    assertThat(uplot.body()).contains("uPlot");
    assertThat(client.get("/admin/assets/console.css").statusCode()).isEqualTo(200);
    assertThat(client.get("/admin/assets/..%2Fconsole.html").statusCode()).isEqualTo(404);
    assertThat(client.get("/admin/assets/pom.xml").statusCode()).isEqualTo(404);
  }
}
