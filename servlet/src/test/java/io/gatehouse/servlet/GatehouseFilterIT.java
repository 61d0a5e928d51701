package io.gatehouse.servlet;

import static io.gatehouse.servlet.ContainerClient.bearer;
import static io.gatehouse.servlet.ContainerClient.cookie;
import static io.gatehouse.servlet.ContainerClient.json;
import static io.gatehouse.servlet.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.Gatehouse;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.web.AuthFailure;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.AuthenticationMethod;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.Principal;
import io.gatehouse.web.csrf.Origin;
import io.gatehouse.web.csrf.SameOriginGuard;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the filter shows an application and answers on its own, in a real container on an in-memory Gatehouse: the
 * Servlet security API from the principal, the login requirement, the API rate limit, extra authenticators, and the
 * auth servlet without the filter in front of it.
 */
class GatehouseFilterIT {

  private final List<TestContainer> containers = new ArrayList<>();

  @AfterEach
  void stop() {
    containers.forEach(TestContainer::close);
  }

  private ContainerClient start(Consumer<GatehouseFilter.Builder> settings) {
    return start(TestGatehouses.inMemory().build(), "/*", settings);
  }

  private ContainerClient start(Gatehouse gatehouse, String filterMapping,
      Consumer<GatehouseFilter.Builder> settings) {
    TestContainer container = TestContainer.start(gatehouse, filterMapping, settings);
    containers.add(container);
    return new ContainerClient(container);
  }

  @Test
  void servletSecurityApi_answersFromThePrincipal() {
    ContainerClient app = start(filter -> {});
    String root = app.token("root", PASSWORD);
    String alice = app.token("alice", PASSWORD);

    JsonNode asRoot = json(app.get("/public/whoami", bearer(root)));
    assertThat(asRoot.get("userPrincipal").asText()).isEqualTo("root");
    assertThat(asRoot.get("remoteUser").asText()).isEqualTo("root");
    assertThat(asRoot.get("authType").asText()).isEqualTo("SESSION_BEARER");
    assertThat(asRoot.get("admin").asBoolean()).isTrue();
    assertThat(asRoot.get("user").asBoolean()).isTrue();
    assertThat(asRoot.get("anyAuthenticated").asBoolean()).isTrue();
    assertThat(asRoot.get("attributeSubject").asText()).isEqualTo("root");
    assertThat(asRoot.get("sameAsFilterPrincipal").asBoolean()).isTrue();

    JsonNode asAlice = json(app.get("/api/whoami", cookie(alice)));
    assertThat(asAlice.get("remoteUser").asText()).isEqualTo("alice");
    assertThat(asAlice.get("authType").asText()).isEqualTo("SESSION_COOKIE");
    assertThat(asAlice.get("admin").asBoolean()).isFalse();
    assertThat(asAlice.get("user").asBoolean()).isTrue();
  }

  @Test
  void anonymousRequest_onAPathWithoutLogin_passesWithNoPrincipal() {
    ContainerClient app = start(filter -> {});

    HttpResponse<String> anonymous = app.get("/public/whoami", "Cookie", "gatehouse_session=garbage");

    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).isEqualTo("{\"method\":\"GET\",\"userPrincipal\":null,\"remoteUser\":null,"
        + "\"authType\":null,\"admin\":false,\"user\":false,\"anyAuthenticated\":false,\"attributeSubject\":null,"
        + "\"sameAsFilterPrincipal\":null}");
  }

  @Test
  void publicOrigins_crossSchemeCookiePost_refused_sameOriginPasses() {
    ContainerClient app = start(filter -> filter.sameOrigin(
        SameOriginGuard.publicOrigins(List.of(Origin.parse("https://app.example")))));
    String alice = app.token("alice", PASSWORD);

    HttpResponse<String> fromPlainHttp = app.post("/auth/logout", "Cookie", "gatehouse_session=" + alice,
        "Origin", "http://app.example");
    HttpResponse<String> fromTheSite = app.post("/auth/logout", "Cookie", "gatehouse_session=" + alice,
        "Origin", "https://app.example");

    assertThat(fromPlainHttp.statusCode()).isEqualTo(403);
    assertThat(json(fromPlainHttp).get("error").asText()).isEqualTo("forbidden");
    assertThat(fromTheSite.statusCode()).isEqualTo(200);
  }

  @Test
  void loginRequired_getsA401Json_withWwwAuthenticate() {
    ContainerClient app = start(filter -> {});

    for (String path : new String[] {"/api", "/api/whoami", "/api/deeper/still"}) {
      HttpResponse<String> refused = app.get(path);
      assertThat(refused.statusCode()).as(path).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
      assertThat(refused.body())
          .isEqualTo("{\"error\":\"unauthorized\",\"message\":\"no valid session: log in first\"}");
    }
  }

  @Test
  void loginRequired_answeredByTheApplicationsHandler() {
    ContainerClient bare = start(filter -> filter.onLoginRequired(LoginRequiredHandler.statusOnly()));
    ContainerClient redirecting = start(filter -> filter.requireLogin("/api", "/public/private")
        .onLoginRequired((request, response) -> response.sendRedirect("/login.html")));

    HttpResponse<String> noBody = bare.get("/api/whoami");
    assertThat(noBody.statusCode()).isEqualTo(401);
    assertThat(noBody.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(noBody.body()).isEmpty();

    HttpResponse<String> redirected = redirecting.get("/public/private/page");
    assertThat(redirected.statusCode()).isEqualTo(302);
    assertThat(redirected.headers().firstValue("Location").orElseThrow()).endsWith("/login.html");
    assertThat(redirecting.get("/public/privateer").statusCode()).isEqualTo(200);
  }

  @Test
  void apiRateLimit_setsHeaders_andRefusesWith429AndRetryAfter() {
    Gatehouse gatehouse = TestGatehouses.inMemory()
        .rateLimit("api", RateLimit.tokenBucket(1, Duration.ofHours(1), 3)).build();
    ContainerClient app = start(gatehouse, "/*",
        filter -> filter.apiRateLimit(gatehouse.rateLimiter("api"), "/public"));

    for (int remaining = 2; remaining >= 0; remaining--) {
      HttpResponse<String> allowed = app.get("/public/whoami");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.headers().firstValue("RateLimit-Limit")).contains("3");
      assertThat(allowed.headers().firstValue("RateLimit-Remaining")).contains(Integer.toString(remaining));
    }
    HttpResponse<String> refused = app.get("/public/whoami");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(json(refused).get("error").asText()).isEqualTo("too_many_requests");
    assertThat(json(refused).get("message").asText()).matches("too many requests; retry after \\d+ s");
    assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
        seconds -> assertThat(seconds).isBetween(3000L, 3600L));
    assertThat(refused.headers().firstValue("RateLimit-Remaining")).contains("0");

    HttpResponse<String> elsewhere = app.get("/auth/session");
    assertThat(elsewhere.statusCode()).isEqualTo(401);
    assertThat(elsewhere.headers().firstValue("RateLimit-Limit")).isEmpty();
  }

  @Test
  void refusedJwt_401_rfc6750InvalidToken_fromTheFilterAndTheAuthServlet() {
    Authenticator refusing = request -> request.header("Authorization")
        .filter(value -> value.startsWith("Bearer jwt."))
        .map(value -> Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED, "the token expired"))
        .orElseGet(() -> Authentication.failure(AuthFailure.NO_CREDENTIALS));
    ContainerClient app = start(filter -> filter.authenticator(refusing));

    for (String path : new String[] {"/api/whoami", "/auth/session"}) {
      HttpResponse<String> refused = app.get(path, "Authorization", "Bearer jwt.expired");
      assertThat(refused.statusCode()).as(path).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path)
          .contains("Bearer error=\"invalid_token\", error_description=\"the token expired\"");
      assertThat(refused.body()).as(path)
          .isEqualTo("{\"error\":\"unauthorized\",\"message\":\"no valid session: log in first\"}");
    }
    assertThat(app.get("/api/whoami").headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void extraAuthenticator_takesCredentialsTheSessionLinkLeavesUndecided() {
    Authenticator testJwt = request -> request.header("Authorization")
        .filter(value -> value.startsWith("Bearer jwt."))
        .map(value -> Authentication.success(new Principal(value.substring("Bearer jwt.".length()),
            Set.of("reader"), AuthenticationMethod.SESSION_BEARER, Optional.empty())))
        .orElseGet(() -> Authentication.failure(AuthFailure.NO_CREDENTIALS));
    ContainerClient app = start(filter -> filter.authenticator(testJwt));

    JsonNode viaJwt = json(app.get("/api/whoami", "Authorization", "Bearer jwt.dave"));
    assertThat(viaJwt.get("remoteUser").asText()).isEqualTo("dave");
    assertThat(viaJwt.get("user").asBoolean()).isFalse();
    HttpResponse<String> noSession = app.get("/auth/session", "Authorization", "Bearer jwt.dave");
    assertThat(noSession.statusCode()).isEqualTo(400);
    assertThat(json(noSession).get("error").asText()).isEqualTo("no_session");
    assertThat(app.get("/api/whoami", bearer(app.token("alice", PASSWORD))).statusCode()).isEqualTo(200);
    assertThat(app.get("/api/whoami", "Authorization", "Bearer not.a.jwt").statusCode()).isEqualTo(401);
  }

  @Test
  void authServlet_withoutTheFilterInFront_authenticatesAndGuardsOnItsOwn() {
    ContainerClient app = start(TestGatehouses.inMemory().build(), "/api/*", filter -> {});
    String token = app.token("alice", PASSWORD);

    assertThat(app.get("/public/whoami", bearer(token)).body()).contains("\"remoteUser\":null");
    assertThat(json(app.get("/auth/session", bearer(token))).get("subject").asText()).isEqualTo("alice");
    HttpResponse<String> crossSite = app.post("/auth/logout", "Cookie", "gatehouse_session=" + token,
        "Sec-Fetch-Site", "cross-site");
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(app.post("/auth/logout", cookie(token)).statusCode()).isEqualTo(200);
    assertThat(app.get("/auth/session", bearer(token)).statusCode()).isEqualTo(401);
  }

  @Test
  void unexpectedException_isA500WithAnIncidentId_loggedOnce_withoutCredentials() {
    Authenticator broken = request -> {
      throw new IllegalStateException("token store corrupted");
    };
    ContainerClient app = start(filter -> filter.authenticator(broken));
    Logger logger = (Logger) LoggerFactory.getLogger(JsonResponses.class.getName());
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    logger.setAdditive(false);
    try {
      HttpResponse<String> inFilter = app.get("/api/whoami?secret=query", "Authorization", "Bearer jwt.x");
      HttpResponse<String> inServlet = app.login(TestAccounts.BROKEN, "hunter2-password");

      for (HttpResponse<String> response : List.of(inFilter, inServlet)) {
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("error").asText()).isEqualTo("internal_error");
        assertThat(json(response).get("message").asText())
            .matches("an unexpected error occurred; it was logged as incident [0-9a-f]{12}");
      }
      assertThat(logged.list).hasSize(2).allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.ERROR));
      ILoggingEvent filterEvent = logged.list.get(0);
      assertThat(filterEvent.getFormattedMessage())
          .isEqualTo("Unexpected error answering GET /api/whoami (incident " + incident(inFilter) + ")");
      assertThat(filterEvent.getThrowableProxy().getMessage()).isEqualTo("token store corrupted");
      assertThat(logged.list.get(1).getFormattedMessage())
          .isEqualTo("Unexpected error answering POST /auth/login (incident " + incident(inServlet) + ")")
          .doesNotContain("hunter2");
    } finally {
      logger.detachAppender(logged);
      logger.setAdditive(true);
    }
  }

  private static String incident(HttpResponse<String> response) {
    String message = json(response).get("message").asText();
    return message.substring(message.length() - 12);
  }
}
