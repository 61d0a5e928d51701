package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.cookie;
import static io.gatehouse.server.GatehouseClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The browser login over HTTP, as a browser drives it, against a real OpenID Connect provider in-process
 * ({@code mock-oauth2-server}, non-interactive: its authorize endpoint redirects back with a code) and two server
 * instances on one real redis-server: the login starts on A and finishes on B, so the pending login is shared. Then
 * the session cookie on {@code /api/auth/session}, a replayed callback, back-channel logout and RP-initiated logout.
 */
class OidcLoginIT {

  private static final String CLIENT_ID = "gatehouse-web";
  private static final String REDIRECT = "http://localhost:8080/api/auth/oidc/callback";
  private static final String TOKEN_KEYS = "k1:QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";
  private static final String BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";
  private static final HttpClient BROWSER = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path dir;

  static MockOAuth2Server provider;

  private final RunningServers servers = new RunningServers();
  private String prefix;
  private GatehouseClient a;
  private GatehouseClient b;

  @BeforeAll
  static void startProvider() {
    provider = new MockOAuth2Server();
    provider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.shutdown();
  }

  @BeforeEach
  void startTwoInstances() {
    prefix = RunningServers.uniquePrefix();
    Map<String, String> env = RunningServers.env(redis.server().uri(), prefix, TestAccounts.usersFile(dir));
    env.putAll(Map.of("OIDC_ISSUER", provider.issuerUrl("default").toString(), "OIDC_AUDIENCE", "gatehouse-api",
        "OIDC_ROLES_CLAIM", "realm_access.roles", "OIDC_CLIENT_ID", CLIENT_ID, "OIDC_CLIENT_SECRET", "s3cret",
        "OIDC_REDIRECT_URI", REDIRECT, "OIDC_POST_LOGIN_PATH", "/app",
        "OIDC_POST_LOGOUT_REDIRECT_URI", "http://localhost:8080/bye", "OIDC_TOKEN_KEYS", TOKEN_KEYS));
    a = new GatehouseClient(servers.start(env));
    b = new GatehouseClient(servers.start(env));
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  /** A finished login's session cookie ({@code name=value}), and the callback query that made it. */
  private record LoggedIn(String sessionCookie, String flowCookie, String callbackQuery) {}

  private LoggedIn login(String subject, String sid) throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT_ID),
        Map.of("sid", sid, "realm_access", Map.of("roles", List.of("reader"))), 3600));
    HttpResponse<String> start = a.get("/api/auth/oidc/login");
    assertThat(start.statusCode()).isEqualTo(302);
    URI authorization = URI.create(start.headers().firstValue("Location").orElseThrow());
    assertThat(authorization.toString()).startsWith(provider.authorizationEndpointUrl("default").toString());
    String flow = cookie(start, "gatehouse_oidc_flow");

    HttpResponse<String> atProvider = BROWSER.send(HttpRequest.newBuilder(authorization).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(atProvider.statusCode()).isEqualTo(302);
    URI back = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
    assertThat(back.toString()).startsWith(REDIRECT + "?");

    HttpResponse<String> callback = b.get("/api/auth/oidc/callback?" + back.getRawQuery(), "Cookie", flow);
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
    assertThat(callback.headers().firstValue("Location")).contains("/app");
    assertThat(callback.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(callback.body()).doesNotContain("eyJ");
    return new LoggedIn(cookie(callback, "gatehouse_session"), flow, back.getRawQuery());
  }

  @Test
  void browserFlow_startOnA_finishOnB_cookieWorksOnBoth() throws Exception {
    LoggedIn carol = login("carol", "sid-1");

    for (GatehouseClient instance : List.of(a, b)) {
      HttpResponse<String> session = instance.get("/api/auth/session", "Cookie", carol.sessionCookie());
      assertThat(session.statusCode()).isEqualTo(200);
      assertThat(json(session).get("subject").asText()).isEqualTo("carol");
    }
  }

  @Test
  void replayedCallback_400_neverA5xx() throws Exception {
    LoggedIn carol = login("carol", "sid-1");

    HttpResponse<String> replay = a.get("/api/auth/oidc/callback?" + carol.callbackQuery(),
        "Cookie", carol.flowCookie());

    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).isEqualTo("{\"error\":\"invalid_state\",\"message\":\"no login in progress for this "
        + "state (expired, already used or never started); start the login again\"}");
    HttpResponse<String> noState = a.get("/api/auth/oidc/callback?error=access_denied");
    assertThat(noState.statusCode()).isEqualTo(400);
  }

  private HttpResponse<String> backChannel(GatehouseClient instance, String logoutToken) {
    return instance.post("/api/auth/oidc/backchannel-logout", "logout_token="
        + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8), "Content-Type",
        "application/x-www-form-urlencoded");
  }

  private static String logoutToken(String subject, Map<String, Object> claims) {
    Map<String, Object> all = new LinkedHashMap<>(claims);
    all.put("events", Map.of(BACKCHANNEL_EVENT, Map.of()));
    all.put("jti", UUID.randomUUID().toString());
    return provider.issueToken("default", subject, CLIENT_ID, all).serialize();
  }

  @Test
  void backChannelLogout_sid_revokesThatLoginOnly_onEveryInstance() throws Exception {
    LoggedIn first = login("carol", "sid-1");
    LoggedIn second = login("carol", "sid-2");

    HttpResponse<String> notice = backChannel(a, logoutToken("carol", Map.of("sid", "sid-1")));

    assertThat(notice.statusCode()).isEqualTo(200);
    assertThat(notice.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(b.get("/api/auth/session", "Cookie", first.sessionCookie()).statusCode()).isEqualTo(401);
    assertThat(b.get("/api/auth/session", "Cookie", second.sessionCookie()).statusCode()).isEqualTo(200);
  }

  @Test
  void backChannelLogout_subOnly_revokesEverySession_andBadTokensGet400() throws Exception {
    LoggedIn first = login("carol", "sid-1");
    LoggedIn second = login("carol", "sid-2");

    HttpResponse<String> withNonce = backChannel(b, logoutToken("carol", Map.of("sid", "sid-1", "nonce", "n")));
    assertThat(withNonce.statusCode()).isEqualTo(400);
    assertThat(withNonce.headers().firstValue("Cache-Control")).contains("no-store");
    HttpResponse<String> garbage = backChannel(b, "garbage");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(b.post("/api/auth/oidc/backchannel-logout", "", "Content-Type", "application/x-www-form-urlencoded")
        .statusCode()).isEqualTo(400);
    assertThat(a.get("/api/auth/session", "Cookie", first.sessionCookie()).statusCode()).isEqualTo(200);

    assertThat(backChannel(b, logoutToken("carol", Map.of())).statusCode()).isEqualTo(200);

    assertThat(a.get("/api/auth/session", "Cookie", first.sessionCookie()).statusCode()).isEqualTo(401);
    assertThat(a.get("/api/auth/session", "Cookie", second.sessionCookie()).statusCode()).isEqualTo(401);
  }

  @Test
  void rpLogout_endsTheSession_andRedirectsToTheProvidersEndSession() throws Exception {
    LoggedIn carol = login("carol", "sid-1");

    HttpResponse<String> logout = a.post("/api/auth/oidc/logout", null, "Cookie", carol.sessionCookie());

    assertThat(logout.statusCode()).isEqualTo(303);
    URI target = URI.create(logout.headers().firstValue("Location").orElseThrow());
    assertThat(target.toString()).startsWith(provider.endSessionEndpointUrl("default") + "?");
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : target.getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    assertThat(query).containsEntry("client_id", CLIENT_ID)
        .containsEntry("post_logout_redirect_uri", "http://localhost:8080/bye").containsKey("id_token_hint");
    assertThat(cookie(logout, "gatehouse_session")).isEqualTo("gatehouse_session=");
    assertThat(b.get("/api/auth/session", "Cookie", carol.sessionCookie()).statusCode()).isEqualTo(401);
  }

  @Test
  void keptIdToken_isEncryptedInRedis_withTheConfiguredKey() throws Exception {
    login("carol", "sid-1");

    Object keys = redis.server().command("KEYS", prefix + "*");
    List<String> idTokens = ((List<?>) keys).stream().map(String::valueOf).filter(k -> k.contains("oidc:idt:"))
        .toList();
    assertThat(idTokens).hasSize(1);
    String stored = String.valueOf(redis.server().command("GET", idTokens.get(0)));
    assertThat(stored).startsWith("v1.k1.").doesNotContain("eyJ");
  }

  @Test
  void rpLogout_onAnInstanceWithOtherKeys_stillEndsTheSession_withoutTheHint() throws Exception {
    Map<String, String> env = RunningServers.env(redis.server().uri(), prefix, TestAccounts.usersFile(dir));
    env.putAll(Map.of("OIDC_ISSUER", provider.issuerUrl("default").toString(), "OIDC_AUDIENCE", "gatehouse-api",
        "OIDC_CLIENT_ID", CLIENT_ID, "OIDC_CLIENT_SECRET", "s3cret", "OIDC_REDIRECT_URI", REDIRECT));
    GatehouseClient ownKey = new GatehouseClient(servers.start(env)); // no OIDC_TOKEN_KEYS: a key of its own
    LoggedIn carol = login("carol", "sid-1");

    HttpResponse<String> logout = ownKey.post("/api/auth/oidc/logout", null, "Cookie", carol.sessionCookie());

    assertThat(logout.statusCode()).isEqualTo(303);
    URI target = URI.create(logout.headers().firstValue("Location").orElseThrow());
    assertThat(target.toString()).startsWith(provider.endSessionEndpointUrl("default") + "?")
        .doesNotContain("id_token_hint");
    assertThat(a.get("/api/auth/session", "Cookie", carol.sessionCookie()).statusCode()).isEqualTo(401);
  }

  @Test
  void providerUser_namedLikeALocalAccount_neverActsAsIt() throws Exception {
    LoggedIn impostor = login("root", "sid-9");

    assertThat(a.get("/api/auth/session", "Cookie", impostor.sessionCookie()).statusCode()).isEqualTo(401);
    assertThat(a.token("root", TestAccounts.PASSWORD)).as("the local root still logs in").isNotEmpty();
  }


  /** Nothing secret in any log line: not the client secret, a code, a state, a session token or a provider token. */
  @Test
  void noSecretOrToken_inAnyLogLine() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    Logger gatehouse = (Logger) LoggerFactory.getLogger("io.gatehouse");
    Level before = gatehouse.getLevel();
    gatehouse.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>();
    try {
      LoggedIn carol = login("carol", "sid-1");
      a.get("/api/auth/oidc/callback?" + carol.callbackQuery(), "Cookie", carol.flowCookie());
      String logoutToken = logoutToken("carol", Map.of("sid", "sid-1", "nonce", "n"));
      backChannel(b, logoutToken);
      HttpResponse<String> logout = a.post("/api/auth/oidc/logout", null, "Cookie", carol.sessionCookie());
      secrets.add(carol.sessionCookie().substring(carol.sessionCookie().indexOf('=') + 1));
      for (String pair : carol.callbackQuery().split("&")) {
        secrets.add(URLDecoder.decode(pair.split("=", 2)[1], StandardCharsets.UTF_8));
      }
      secrets.add(logoutToken);
      secrets.add(URLDecoder.decode(logout.headers().firstValue("Location").orElseThrow()
          .replaceFirst(".*id_token_hint=([^&]+).*", "$1"), StandardCharsets.UTF_8));
    } finally {
      gatehouse.setLevel(before);
      root.detachAppender(logged);
    }
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : logged.list) {
      lines.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        lines.add(t.getClassName() + ": " + t.getMessage());
      }
    }
    String all = String.join("\n", lines);
    assertThat(all).as("the flow was logged").contains("OIDC");
    assertThat(all).doesNotContain("s3cret");
    for (String secret : secrets) {
      assertThat(all).doesNotContain(secret);
    }
  }
  @Test
  void rpLogout_crossSite_isRefused() throws IOException, InterruptedException {
    HttpResponse<String> crossSite = a.post("/api/auth/oidc/logout", null, "Cookie", "gatehouse_session=x",
        "Origin", "https://evil.example");

    assertThat(crossSite.statusCode()).isEqualTo(403);
  }
}
