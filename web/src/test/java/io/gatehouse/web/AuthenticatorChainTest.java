package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.testing.FakeRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuthenticatorChainTest {

  private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMifQ.c2ln";

  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.builder().clock(new FakeClock()).build());
  private final SessionAuthenticator sessionLink = new SessionAuthenticator(sessions, SessionCookie.create());

  /** A second link, as a JWT verifier would be: takes bearer tokens that start like a JWT, counts its calls. */
  private final AtomicInteger jwtCalls = new AtomicInteger();
  private final Authenticator jwtLink = request -> {
    jwtCalls.incrementAndGet();
    Optional<String> token = request.header("Authorization").flatMap(BearerToken::parse);
    if (token.isEmpty()) {
      return Authentication.failure(AuthFailure.NO_CREDENTIALS);
    }
    if (!token.get().startsWith("eyJ")) {
      return Authentication.failure(AuthFailure.MALFORMED);
    }
    return Authentication.success(
        new Principal("svc", Set.of("reader"), AuthenticationMethod.JWT_BEARER, Optional.empty()));
  };

  private final Authenticator chain = Authenticator.chain(List.of(sessionLink, jwtLink));

  @Test
  void sessionLinkDecidesSuccess_laterLinksNotAsked() {
    CreatedSession alice = sessions.create("alice", Map.of());

    Authentication answer = chain.authenticate(bearer(alice.token().value()));

    assertThat(answer.authenticated().orElseThrow().subject()).isEqualTo("alice");
    assertThat(jwtCalls).hasValue(0);
  }

  @Test
  void sessionLinkDecidesFailure_laterLinksNotAsked() {
    String unknown = SessionToken.generate("alice", new SecureRandom()).value();

    assertThat(chain.authenticate(bearer(unknown))).isEqualTo(Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED));
    assertThat(jwtCalls).hasValue(0);
  }

  @Test
  void jwtShapedBearer_malformedForTheSessionLink_takenByTheNextLink() {
    assertThat(sessionLink.authenticate(bearer(JWT))).isEqualTo(Authentication.failure(AuthFailure.MALFORMED));

    Authentication answer = chain.authenticate(bearer(JWT));

    assertThat(answer.authenticated().orElseThrow().subject()).isEqualTo("svc");
    assertThat(jwtCalls).hasValue(1);
  }

  @Test
  void nobodyDecides_noCredentials_whenNoLinkSawAny() {
    assertThat(chain.authenticate(FakeRequest.get())).isEqualTo(Authentication.failure(AuthFailure.NO_CREDENTIALS));
    assertThat(jwtCalls).hasValue(1);
  }

  @Test
  void nobodyDecides_malformed_whenAnyLinkSawUnreadableCredentials() {
    Authenticator malformed = request -> Authentication.failure(AuthFailure.MALFORMED);
    Authenticator none = request -> Authentication.failure(AuthFailure.NO_CREDENTIALS);

    assertThat(Authenticator.chain(List.of(malformed, none)).authenticate(FakeRequest.get()))
        .isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
    assertThat(Authenticator.chain(List.of(none, malformed)).authenticate(FakeRequest.get()))
        .isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
    assertThat(chain.authenticate(bearer("not-a-session-nor-a-jwt")))
        .isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
  }

  @Test
  void revoked_isADecision() {
    Authenticator revoking = request -> Authentication.failure(AuthFailure.REVOKED);

    assertThat(Authenticator.chain(List.of(revoking, jwtLink)).authenticate(bearer(JWT)))
        .isEqualTo(Authentication.failure(AuthFailure.REVOKED));
    assertThat(jwtCalls).hasValue(0);
  }

  @Test
  void undecided_onlyForNoCredentialsAndMalformed() {
    assertThat(new Authentication.Failure(AuthFailure.NO_CREDENTIALS).undecided()).isTrue();
    assertThat(new Authentication.Failure(AuthFailure.MALFORMED).undecided()).isTrue();
    assertThat(new Authentication.Failure(AuthFailure.UNKNOWN_OR_EXPIRED).undecided()).isFalse();
    assertThat(new Authentication.Failure(AuthFailure.REVOKED).undecided()).isFalse();
  }

  @Test
  void chain_passesOnTheDecidingLinksDescription() {
    Authenticator expiredJwt = request -> Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED, "the token expired");

    Authentication answer = Authenticator.chain(List.of(sessionLink, expiredJwt)).authenticate(bearer(JWT));

    assertThat(answer).isEqualTo(new Authentication.Failure(AuthFailure.UNKNOWN_OR_EXPIRED,
        Optional.of("the token expired")));
  }

  @Test
  void failure_withoutDescription_hasNone() {
    assertThat(new Authentication.Failure(AuthFailure.MALFORMED).description()).isEmpty();
  }

  @Test
  void failure_descriptionOutsideRfc6750Rejected() {
    assertThatThrownBy(() -> Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED, "say \"hi\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("description must be printable ASCII without '\"' or '\\', got \"say \"hi\"\"");
    assertThatThrownBy(() -> Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED, "line\nbreak"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("description must be printable ASCII without '\"' or '\\', got \"line\nbreak\"");
    assertThatThrownBy(() -> Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("description must be printable ASCII without '\"' or '\\', got \"\"");
  }

  @Test
  void jwtBearer_isNotAmbient() {
    assertThat(AuthenticationMethod.JWT_BEARER.isAmbient()).isFalse();
  }

  @Test
  void chain_emptyRejected() {
    assertThatThrownBy(() -> Authenticator.chain(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an authenticator chain needs at least one link");
  }

  @Test
  void chain_copiesItsLinks() {
    List<Authenticator> links = new ArrayList<>(List.of(sessionLink));
    Authenticator copied = Authenticator.chain(links);

    links.add(jwtLink);

    assertThat(copied.authenticate(bearer(JWT))).isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
    assertThat(jwtCalls).hasValue(0);
  }

  private static FakeRequest bearer(String token) {
    return FakeRequest.post().header("Authorization", "Bearer " + token);
  }
}
