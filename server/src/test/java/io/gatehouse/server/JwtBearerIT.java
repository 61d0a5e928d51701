package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JWT bearer tokens on the reference server ({@code OIDC_*}), with tokens from a real OpenID Connect provider
 * in-process ({@code mock-oauth2-server}): the console's API for a JWT with the admin role, RFC 6750 refusals,
 * no 5xx for garbage, readiness while the provider's keys are missing, and the key set in health.
 */
class JwtBearerIT {

  private static final String AUDIENCE = "gatehouse-api";
  private static final Map<String, Object> ADMIN = Map.of("realm_access", Map.of("roles", List.of("admin")));
  private static final Map<String, Object> READER = Map.of("realm_access", Map.of("roles", List.of("reader")));
  private static final String UNAUTHORIZED_BODY =
      "{\"error\":\"unauthorized\",\"message\":\"no valid session: log in first\"}";

  @TempDir
  static Path dir;

  static MockOAuth2Server provider;

  private final RunningServers servers = new RunningServers();

  @BeforeAll
  static void startProvider() {
    provider = new MockOAuth2Server();
    provider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.shutdown();
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  private GatehouseServer start(String issuer, Map<String, String> extra) {
    Map<String, String> oidc = new HashMap<>(Map.of("OIDC_ISSUER", issuer, "OIDC_AUDIENCE", AUDIENCE,
        "OIDC_ROLES_CLAIM", "realm_access.roles"));
    oidc.putAll(extra);
    return servers.start(RunningServers.memoryOnly(TestAccounts.usersFile(dir), oidc));
  }

  private GatehouseClient client() {
    return new GatehouseClient(start(provider.issuerUrl("default").toString(), Map.of()));
  }

  private static String token(String subject, String audience, Map<String, Object> claims, long expirySeconds) {
    return provider.issueToken("default", subject, audience, claims, expirySeconds).serialize();
  }

  @Test
  void jwtWithTheAdminRole_getsTheConsoleOverview() {
    GatehouseClient client = client();

    HttpResponse<String> response = client.get("/api/admin/overview",
        "Authorization", "Bearer " + token("alice", AUDIENCE, ADMIN, 3600));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).isObject()).isTrue();
  }

  @Test
  void jwtWithoutTheAdminRole_forbidden() {
    HttpResponse<String> response = client().get("/api/admin/overview",
        "Authorization", "Bearer " + token("bob", AUDIENCE, READER, 3600));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .isEqualTo("{\"error\":\"forbidden\",\"message\":\"this endpoint needs the admin role\"}");
  }

  @Test
  void jwt_onASessionOnlyEndpoint_noSession() {
    HttpResponse<String> response = client().get("/api/admin/sessions?subject=alice",
        "Authorization", "Bearer " + token("alice", AUDIENCE, ADMIN, 3600));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"no_session\",\"message\":\"this endpoint works on a Gatehouse"
        + " session, and the request authenticated without one\"}");
  }

  @Test
  void revokeAll_refusesTheSubjectsOlderJwts_401_tokenRevoked() {
    GatehouseClient client = client();
    String older = token("carol", AUDIENCE, ADMIN, 3600);
    assertThat(client.get("/api/admin/overview", "Authorization", "Bearer " + older).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked = client.postJson("/api/admin/user-sessions/revoke-all", "{\"subject\":\"carol\"}",
        "Authorization", "Bearer " + token("dave", AUDIENCE, ADMIN, 3600));
    assertThat(revoked.statusCode()).isEqualTo(200);

    // Within the marker cache's bound (2 s); polled, since this instance may answer from its cache until then.
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      HttpResponse<String> response = client.get("/api/admin/overview", "Authorization", "Bearer " + older);
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .contains("Bearer error=\"invalid_token\", error_description=\"token revoked\"");
    });
  }

  @Test
  void expiredJwt_401_rfc6750() {
    HttpResponse<String> response = client().get("/api/admin/overview",
        "Authorization", "Bearer " + token("alice", AUDIENCE, ADMIN, -3600));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer error=\"invalid_token\", error_description=\"the token expired\"");
    assertThat(response.body()).isEqualTo(UNAUTHORIZED_BODY);
  }

  @Test
  void wrongAudience_401_rfc6750() {
    HttpResponse<String> response = client().get("/api/admin/overview",
        "Authorization", "Bearer " + token("alice", "another-api", ADMIN, 3600));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer error=\"invalid_token\", error_description=\"the token is meant for another audience\"");
    assertThat(response.body()).isEqualTo(UNAUTHORIZED_BODY);
  }

  @Test
  void noCredentials_401_plainBearer() {
    HttpResponse<String> response = client().get("/api/admin/overview");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(response.body()).isEqualTo(UNAUTHORIZED_BODY);
  }

  static List<String> badTokens() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString("{\"sub\":\"alice\",\"aud\":\"gatehouse-api\"}".getBytes(StandardCharsets.UTF_8)) + ".";
    String hs256 = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString("{\"sub\":\"alice\"}".getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    String good = provider.issueToken("default", "alice", AUDIENCE, ADMIN, 3600).serialize();
    return List.of("a.b.c", "!!!.???.***", none, hs256, good.substring(0, good.length() - 10),
        good.substring(0, good.lastIndexOf('.')) + ".AAAA", "eyJhbGciOiJSUzI1NiJ9.e30.", "x".repeat(6_000) + ".y.z");
  }

  @ParameterizedTest
  @MethodSource("badTokens")
  void garbageJwt_401_never5xx(String token) {
    HttpResponse<String> response = client().get("/api/admin/overview", "Authorization", "Bearer " + token);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
    assertThat(response.body()).isEqualTo(UNAUTHORIZED_BODY);
  }

  @Test
  void providerDownAtStart_notReady_untilKeysUnlessStartWithoutKeys() throws IOException {
    String issuer = "http://127.0.0.1:" + closedPort() + "/default";

    GatehouseServer waiting = start(issuer, Map.of());
    HttpResponse<String> ready = new GatehouseClient(waiting).get("/api/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\"}");
    JsonNode jwks = json(new GatehouseClient(waiting.managementPort()).get("/api/health"))
        .path("components").path("jwks");
    assertThat(jwks.path("status").asText()).isEqualTo("DOWN");
    assertThat(jwks.path("details").path("state").asText()).isEqualTo("UNAVAILABLE");
    assertThat(jwks.path("details").path("lastError").asText()).isNotEmpty();
    assertThat(new GatehouseClient(waiting).get("/api/health/jwks").body()).isEqualTo("{\"status\":\"UNAVAILABLE\"}");
    HttpResponse<String> health = new GatehouseClient(waiting).get("/api/health");
    assertThat(health.statusCode()).as("sessions still work: serving, not down").isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"DEGRADED\"}");

    GatehouseServer anyway = start(issuer, Map.of("OIDC_START_WITHOUT_KEYS", "true"));
    assertThat(new GatehouseClient(anyway).get("/api/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void health_showsTheKeySet_detailedOnManagementOnly() {
    GatehouseServer server = start(provider.issuerUrl("default").toString(), Map.of());

    assertThat(new GatehouseClient(server).get("/api/health/ready").statusCode()).isEqualTo(200);
    JsonNode jwks = json(new GatehouseClient(server.managementPort()).get("/api/health"))
        .path("components").path("jwks");
    assertThat(jwks.path("status").asText()).isEqualTo("UP");
    assertThat(jwks.path("details").path("state").asText()).isEqualTo("FRESH");
    assertThat(jwks.path("details").path("jwksUri").asText()).isEqualTo(provider.jwksUrl("default").toString());
    assertThat(jwks.path("details").path("lastFetch").asText()).isNotEmpty();
    assertThat(jwks.path("details").has("lastError")).isFalse();
    HttpResponse<String> publicJwks = new GatehouseClient(server).get("/api/health/jwks");
    assertThat(publicJwks.body()).isEqualTo("{\"status\":\"FRESH\"}");
    assertThat(new GatehouseClient(server).get("/api/health").body()).isEqualTo("{\"status\":\"UP\"}");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
