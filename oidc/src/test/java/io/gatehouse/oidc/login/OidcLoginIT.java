package io.gatehouse.oidc.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.Principal;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.testing.FakeRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser login against a real OpenID Connect provider in-process ({@code mock-oauth2-server}, which answers
 * its authorize endpoint with a redirect carrying the code): the whole flow, its refusals, back-channel logout and
 * RP-initiated logout. The HTTP adapter is the server's; here the requests are views.
 */
class OidcLoginIT {

  static final String CLIENT_ID = "gatehouse-web";
  static final String REDIRECT = "http://localhost:8080/api/auth/oidc/callback";
  static final String BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

  static MockOAuth2Server provider;
  static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.create());
  private final OneTimeValues values = OneTimeValues.inMemory(Clock.systemUTC(), 1_000);
  private final SessionCookie cookie = SessionCookie.builder().secure(false).build();
  private OidcLogin login;

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
  void close() {
    if (login != null) {
      login.close();
    }
  }

  private OidcLogin login() {
    login = OidcLogin.create(OidcLoginConfig.builder()
        .issuer(provider.issuerUrl("default").toString())
        .clientId(CLIENT_ID).clientSecret("s3cret")
        .redirectUri(REDIRECT)
        .postLoginPath("/app")
        .postLogoutRedirectUri("http://localhost:8080/bye")
        .rolesClaim("realm_access.roles")
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10))
        .build(), sessions, values, cookie, Duration.ofHours(1), TokenSealer.NONE);
    return login;
  }

  /** What a browser would hold: the cookies set, and where it was last sent. */
  static final class Browser implements io.gatehouse.web.api.HttpResponseView {
    final Map<String, String> cookies = new LinkedHashMap<>();
    final List<String> headers = new ArrayList<>();

    @Override
    public void addHeader(String name, String value) {
      headers.add(name + ": " + value);
      if (name.equals("Set-Cookie")) {
        String pair = value.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (value.contains("Max-Age=0;") || pair.substring(eq + 1).isEmpty()) {
          cookies.remove(pair.substring(0, eq));
        } else {
          cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }

    FakeRequest request() {
      FakeRequest request = FakeRequest.get();
      if (!cookies.isEmpty()) {
        request = request.header("Cookie", String.join("; ", cookies.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).toList()));
      }
      return request;
    }
  }

  /** Follows the authorization URL to the provider, which redirects back: the callback's query parameters. */
  static Map<String, String> authorize(URI authorization) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(authorization).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("provider redirects back").isEqualTo(302);
    URI back = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertThat(back.toString()).startsWith(REDIRECT + "?");
    return query(back);
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private void enqueueLogin(String subject, Map<String, Object> claims) {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT_ID), claims,
        3600));
  }

  private Session loginAs(Browser browser, String subject, String sid) throws Exception {
    enqueueLogin(subject, Map.of("sid", sid, "realm_access", Map.of("roles", List.of("reader"))));
    URI authorization = login().start(browser);
    if (login == null) {
      throw new IllegalStateException();
    }
    URI landing = login.callback(browser.request(), authorize(authorization), browser);
    assertThat(landing).isEqualTo(URI.create("/app"));
    return sessions.validate(browser.cookies.get(cookie.name())).orElseThrow();
  }

  @Test
  void fullFlow_createsASession_withRolesAndSid() throws Exception {
    Browser browser = new Browser();
    URI authorization = login().start(browser);
    Map<String, String> sent = query(authorization);
    assertThat(sent).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
        .containsEntry("redirect_uri", REDIRECT).containsEntry("code_challenge_method", "S256")
        .containsKeys("state", "nonce", "code_challenge").doesNotContainKey("code_verifier");
    assertThat(sent.get("scope")).isEqualTo("openid profile email");
    assertThat(browser.cookies).containsEntry(OidcLogin.FLOW_COOKIE, sent.get("state"));

    enqueueLogin("alice", Map.of("sid", "provider-session-1", "realm_access", Map.of("roles", List.of("reader"))));
    URI landing = login.callback(browser.request(), authorize(authorization), browser);

    assertThat(landing).isEqualTo(URI.create("/app"));
    assertThat(browser.cookies).doesNotContainKey(OidcLogin.FLOW_COOKIE);
    Session session = sessions.validate(browser.cookies.get(cookie.name())).orElseThrow();
    assertThat(session.subject()).isEqualTo("alice");
    assertThat(session.attributes()).containsEntry(Principal.ROLES_ATTRIBUTE, "reader")
        .containsEntry(AccountCheck.PROVIDER_ATTRIBUTE, provider.issuerUrl("default").toString())
        .containsEntry(OidcLogin.SID_ATTRIBUTE, "provider-session-1");
    assertThat(String.join("\n", browser.headers)).as("no provider token reaches the browser")
        .doesNotContain("eyJ");
  }

  @Test
  void replayedState_isRefused() throws Exception {
    Browser browser = new Browser();
    URI authorization = login().start(browser);
    Map<String, String> callback = authorize(authorization);
    FakeRequest request = browser.request();
    login.callback(request, callback, browser);

    assertThatThrownBy(() -> login.callback(request, callback, new Browser()))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo(OidcLogin.NO_FLOW);
        });
  }

  @Test
  void unknownOrMissingState_andForeignBrowser_areRefused() throws Exception {
    Browser browser = new Browser();
    Map<String, String> callback = authorize(login().start(browser));

    assertThatThrownBy(() -> login.callback(new Browser().request(), callback, new Browser()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage())
            .isEqualTo("this login was not started in this browser; start the login again"));
    assertThatThrownBy(() -> login.callback(browser.request(), Map.of("code", "x"), new Browser()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400));
    FakeRequest forged = FakeRequest.get().header("Cookie", OidcLogin.FLOW_COOKIE + "=made-up");
    assertThatThrownBy(() -> login.callback(forged, Map.of("state", "made-up", "code", "x"), new Browser()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage()).isEqualTo(OidcLogin.NO_FLOW));
  }

  @Test
  void providerError_accessDenied_is4xx_andUsesTheState() throws Exception {
    Browser browser = new Browser();
    String state = query(login().start(browser)).get("state");

    assertThatThrownBy(() -> login.callback(browser.request(), Map.of("state", state, "error", "access_denied"),
        new Browser())).isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).isEqualTo("the identity provider did not log you in (access_denied)");
        });
  }

  @Test
  void wrongNonce_isRefused() throws Exception {
    Browser browser = new Browser();
    URI authorization = login().start(browser);
    // The provider signs an ID token whose nonce is not the one this login sent.
    Map<String, String> callback = authorize(URI.create(authorization.toString()
        .replaceFirst("nonce=[^&]+", "nonce=someone-elses")));

    assertThatThrownBy(() -> login.callback(browser.request(), callback, new Browser()))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo(CodeExchange.ID_TOKEN_REFUSED);
        });
    assertThat(sessions.list("user")).isEmpty();
  }

  private String logoutToken(String subject, Map<String, Object> claims) {
    Map<String, Object> all = new LinkedHashMap<>(claims);
    all.putIfAbsent("events", Map.of(BACKCHANNEL_EVENT, Map.of()));
    all.putIfAbsent("jti", UUID.randomUUID().toString());
    return provider.issueToken("default", subject, CLIENT_ID, all).serialize();
  }

  @Test
  void backChannelLogout_withSid_revokesThatProviderSessionsSessionsOnly() throws Exception {
    Browser first = new Browser();
    Session byFirst = loginAs(first, "alice", "sid-a");
    login.close();
    Browser second = new Browser();
    Session bySecond = loginAs(second, "alice", "sid-b");
    CreatedSession local = sessions.create("alice", Map.of());

    Browser provider = new Browser();
    BackChannelLogout.Outcome outcome = login.backChannelLogout()
        .handle(logoutToken("alice", Map.of("sid", "sid-a")), provider);

    assertThat(outcome.revoked()).isEqualTo(1);
    assertThat(provider.headers).contains("Cache-Control: no-store");
    assertThat(sessions.validate(first.cookies.get(cookie.name()))).isEmpty();
    assertThat(sessions.validate(second.cookies.get(cookie.name()))).isPresent();
    assertThat(sessions.validate(local.token())).isPresent();
    assertThat(byFirst.id()).isNotEqualTo(bySecond.id());
  }

  @Test
  void backChannelLogout_withSubOnly_revokesAllOfTheSubjectsSessions() throws Exception {
    Browser alice = new Browser();
    loginAs(alice, "alice", "sid-a");
    CreatedSession bob = sessions.create("bob", Map.of());
    CreatedSession localAlice = sessions.create("alice", Map.of());

    BackChannelLogout.Outcome outcome = login.backChannelLogout().handle(logoutToken("alice", Map.of()),
        new Browser());

    assertThat(outcome.revoked()).isEqualTo(1);
    assertThat(sessions.validate(alice.cookies.get(cookie.name()))).isEmpty();
    assertThat(sessions.validate(bob.token())).isPresent();
    assertThat(sessions.validate(localAlice.token())).as("not from the provider").isPresent();
  }

  @Test
  void backChannelLogout_refusesNonce_missingEvent_replay_andGarbage() throws Exception {
    Browser alice = new Browser();
    loginAs(alice, "alice", "sid-a");
    BackChannelLogout backChannel = login.backChannelLogout();

    assertThatThrownBy(() -> backChannel.handle(logoutToken("alice", Map.of("sid", "sid-a", "nonce", "n")),
        new Browser())).isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).startsWith(BackChannelLogout.REFUSED);
        });
    assertThatThrownBy(() -> backChannel.handle(provider.issueToken("default", "alice", CLIENT_ID,
        Map.of("sid", "sid-a", "jti", "j1")).serialize(), new Browser()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> backChannel.handle(logoutToken("alice", Map.of("sid", "sid-a", "aud", "other")),
        new Browser())).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> backChannel.handle("not-a-jwt", new Browser()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage())
            .isEqualTo(BackChannelLogout.REFUSED + ": not a JWT"));
    assertThat(sessions.validate(alice.cookies.get(cookie.name()))).as("nothing refused revoked anything")
        .isPresent();

    String token = logoutToken("alice", Map.of("sid", "sid-a"));
    backChannel.handle(token, new Browser());
    assertThatThrownBy(() -> backChannel.handle(token, new Browser()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage())
            .isEqualTo(BackChannelLogout.REFUSED + ": already used (jti seen before)"));
  }

  @Test
  void rpLogout_revokesTheSession_andRedirectsToTheProviderWithIdTokenHint() throws Exception {
    Browser browser = new Browser();
    Session session = loginAs(browser, "alice", "sid-a");
    FakeRequest request = browser.request();

    URI target = login.logout().logout(request, browser);

    assertThat(sessions.validate(request.cookie(cookie.name()).orElseThrow())).isEmpty();
    assertThat(browser.cookies).doesNotContainKey(cookie.name());
    assertThat(target.toString()).startsWith(provider.endSessionEndpointUrl("default").toString() + "?");
    Map<String, String> parameters = query(target);
    assertThat(parameters).containsEntry("post_logout_redirect_uri", "http://localhost:8080/bye")
        .containsEntry("client_id", CLIENT_ID).containsKey("id_token_hint");
    assertThat(parameters.get("id_token_hint")).startsWith("eyJ");
    assertThat(Optional.of(session.id())).isPresent();

    URI again = login.logout().logout(request, new Browser());
    assertThat(query(again)).as("no session left: no hint").doesNotContainKey("id_token_hint")
        .containsEntry("client_id", CLIENT_ID);
  }
}
