package io.gatehouse.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.AuthFailure;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.AuthenticationMethod;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.Principal;
import io.gatehouse.web.SessionAuthenticator;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.testing.FakeRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tokens from a real OpenID Connect provider in-process ({@code mock-oauth2-server}): discovery, its JWKS and its
 * signed tokens; and the JWT link beside the session link in both orders.
 */
class MockProviderIT {

  static final String AUDIENCE = "gatehouse-api";
  static final Map<String, Object> KEYCLOAK_ROLES = Map.of("realm_access", Map.of("roles", List.of("reader", "admin")));

  static MockOAuth2Server provider;
  static JwtAuthenticator jwtLink;
  static SessionStore sessions;
  static SessionAuthenticator sessionLink;

  @BeforeAll
  static void start() {
    provider = new MockOAuth2Server();
    provider.start();
    jwtLink = JwtAuthenticator.create(JwtVerifierConfig.builder()
        .issuer(provider.issuerUrl("default").toString())
        .audiences(AUDIENCE)
        .rolesClaim("realm_access.roles")
        .build());
    sessions = SessionStore.inMemory(SessionConfig.builder().build());
    sessionLink = new SessionAuthenticator(sessions, SessionCookie.create());
  }

  @AfterAll
  static void stop() {
    jwtLink.close();
    provider.shutdown();
  }

  @Test
  void prewarm_discoversTheProvidersKeySet() {
    assertThat(jwtLink.prewarm()).isTrue();

    assertThat(jwtLink.ready()).isTrue();
    assertThat(jwtLink.jwksStatus().jwksUri()).contains(provider.jwksUrl("default").toString());
  }

  @Test
  void providersToken_principalWithKeycloakRoles() {
    String token = provider.issueToken("default", "alice", AUDIENCE, KEYCLOAK_ROLES).serialize();

    assertThat(jwtLink.authenticate(bearer(token))).isEqualTo(Authentication.success(
        new Principal("alice", Set.of("reader", "admin"), AuthenticationMethod.JWT_BEARER, Optional.empty())));
  }

  @Test
  void providersTokens_refusedWithTheirReason() {
    assertThat(jwtLink.verify(provider.issueToken("default", "alice", "another-api").serialize()))
        .isEqualTo(new JwtVerification.Rejected(JwtRejection.WRONG_AUDIENCE));
    assertThat(jwtLink.verify(provider.issueToken("default", "alice", AUDIENCE, Map.of(), -3600).serialize()))
        .isEqualTo(new JwtVerification.Rejected(JwtRejection.EXPIRED));
    // Another issuer of the same provider signs with its own key, which the default issuer's key set lacks.
    assertThat(jwtLink.verify(provider.issueToken("other", "alice", AUDIENCE).serialize()))
        .isEqualTo(new JwtVerification.Rejected(JwtRejection.UNKNOWN_KEY));
  }

  @ParameterizedTest(name = "JWT link first: {0}")
  @ValueSource(booleans = {true, false})
  void chain_sessionTokenToTheSessionLink_jwtToTheJwtLink(boolean jwtFirst) {
    Authenticator chain = Authenticator.chain(jwtFirst ? List.of(jwtLink, sessionLink) : List.of(sessionLink, jwtLink));
    CreatedSession session = sessions.create("bob", Map.of(Principal.ROLES_ATTRIBUTE, "writer"));
    String jwt = provider.issueToken("default", "alice", AUDIENCE, KEYCLOAK_ROLES).serialize();
    String expired = provider.issueToken("default", "alice", AUDIENCE, Map.of(), -3600).serialize();

    Principal bySession = chain.authenticate(bearer(session.token().value())).authenticated().orElseThrow();
    assertThat(bySession.subject()).isEqualTo("bob");
    assertThat(bySession.roles()).containsExactly("writer");
    assertThat(bySession.method()).isEqualTo(AuthenticationMethod.SESSION_BEARER);
    assertThat(bySession.session()).isPresent();

    Principal byCookie = chain.authenticate(FakeRequest.get().header("Cookie",
        SessionCookie.create().name() + "=" + session.token().value())).authenticated().orElseThrow();
    assertThat(byCookie.method()).isEqualTo(AuthenticationMethod.SESSION_COOKIE);

    assertThat(chain.authenticate(bearer(jwt))).isEqualTo(Authentication.success(
        new Principal("alice", Set.of("reader", "admin"), AuthenticationMethod.JWT_BEARER, Optional.empty())));
    assertThat(chain.authenticate(bearer(expired))).isEqualTo(new Authentication.Failure(
        AuthFailure.UNKNOWN_OR_EXPIRED, Optional.of("the token expired")));

    assertThat(chain.authenticate(FakeRequest.get())).isEqualTo(Authentication.failure(AuthFailure.NO_CREDENTIALS));
    assertThat(chain.authenticate(bearer("neither-a-session-nor-a-jwt")))
        .isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
  }

  private static FakeRequest bearer(String token) {
    return FakeRequest.get().header("Authorization", "Bearer " + token);
  }
}
