package io.gatehouse.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.AuthFailure;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.AuthenticationMethod;
import io.gatehouse.web.Principal;
import io.gatehouse.web.testing.FakeRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verification against keys served by {@link TestJwks}, at a fixed instant: the principal, and every way to fail. */
class JwtAuthenticatorTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String AUDIENCE = "gatehouse-api";

  static RSAKey rsa;
  static ECKey ecdsa;
  static TestJwks provider;
  static JwtAuthenticator authenticator;
  static final List<LogRecord> logged = new ArrayList<>();
  static final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (logged) {
        logged.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeAll
  static void start() throws Exception {
    rsa = TestTokens.rsa("rsa-1");
    ecdsa = TestTokens.ec("ec-1");
    provider = TestJwks.start(rsa, ecdsa);
    authenticator = JwtAuthenticator.create(config().build());
    Logger.getLogger("").addHandler(capture);
  }

  @AfterAll
  static void stop() {
    Logger.getLogger("").removeHandler(capture);
    authenticator.close();
    provider.close();
  }

  static JwtVerifierConfig.Builder config() {
    return withoutRoles().rolesClaim("realm_access.roles");
  }

  static JwtVerifierConfig.Builder withoutRoles() {
    return JwtVerifierConfig.builder()
        .issuer(provider.issuer())
        .audiences(AUDIENCE, "other-api")
        .jwksUri(provider.jwksUri())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static JWTClaimsSet.Builder claims() {
    return TestTokens.claims(provider.issuer(), AUDIENCE, NOW);
  }

  static String rs256(JWTClaimsSet.Builder claims) {
    return TestTokens.sign(rsa, JWSAlgorithm.RS256, claims.build());
  }

  @Test
  void validToken_principalWithSubjectRolesAndMethod() {
    Authentication answer = authenticator.authenticate(bearer(rs256(claims())));

    assertThat(answer).isEqualTo(Authentication.success(
        new Principal("alice", Set.of("reader", "admin"), AuthenticationMethod.JWT_BEARER, Optional.empty())));
  }

  @Test
  void everyDefaultAlgorithm_verifies() {
    assertThat(authenticator.verify(TestTokens.sign(rsa, JWSAlgorithm.PS256, claims().build())))
        .isInstanceOf(JwtVerification.Verified.class);
    assertThat(authenticator.verify(TestTokens.sign(ecdsa, JWSAlgorithm.ES256, claims().build())))
        .isInstanceOf(JwtVerification.Verified.class);
  }

  @Test
  void withinClockSkew_accepted() {
    String expiredWithinSkew = rs256(claims().issueTime(Date.from(NOW.minusSeconds(600)))
        .notBeforeTime(Date.from(NOW.plusSeconds(59))).expirationTime(Date.from(NOW.minusSeconds(59))));

    assertThat(authenticator.verify(expiredWithinSkew)).isInstanceOf(JwtVerification.Verified.class);
  }

  @Test
  void noRolesClaimConfigured_noRoles_subjectFromTheConfiguredClaim() {
    try (JwtAuthenticator plain = JwtAuthenticator.create(
        withoutRoles().subjectClaim("preferred_username").build())) {
      String token = rs256(claims().claim("preferred_username", "alice.smith"));

      assertThat(plain.verify(token)).isEqualTo(new JwtVerification.Verified(
          new Principal("alice.smith", Set.of(), AuthenticationMethod.JWT_BEARER, Optional.empty())));
    }
  }

  @Test
  void requiredTypeAndScopes() {
    try (JwtAuthenticator strict = JwtAuthenticator.create(
        config().requiredType("at+jwt").requiredScopes("orders:read").build())) {
      JWSHeader atJwt = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
          .type(new JOSEObjectType("application/at+jwt")).build();

      assertThat(strict.verify(TestTokens.sign(rsa, atJwt, claims().claim("scope", "openid orders:read").build())))
          .isInstanceOf(JwtVerification.Verified.class);
      assertThat(strict.verify(TestTokens.sign(rsa, atJwt, claims().claim("scp", List.of("orders:read")).build())))
          .isInstanceOf(JwtVerification.Verified.class);
      assertThat(strict.verify(TestTokens.sign(rsa, atJwt, claims().claim("scope", "openid").build())))
          .isEqualTo(new JwtVerification.Rejected(JwtRejection.INSUFFICIENT_SCOPE));
      assertThat(strict.verify(rs256(claims().claim("scope", "orders:read"))))
          .isEqualTo(new JwtVerification.Rejected(JwtRejection.WRONG_TYPE));
    }
  }

  static Stream<Arguments> badTokens() throws Exception {
    String valid = rs256(claims());
    RSAKey stranger = TestTokens.rsa("rsa-1");
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims().build());
    hmac.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));
    String longPayload = "eyJ" + "A".repeat(20 * 1024);
    return Stream.of(
        row("expired", rs256(claims().expirationTime(Date.from(NOW.minusSeconds(61)))), JwtRejection.EXPIRED),
        row("no exp", rs256(claims().expirationTime(null)), JwtRejection.EXPIRED),
        row("not yet valid", rs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(61)))),
            JwtRejection.NOT_YET_VALID),
        row("issued in the future", rs256(claims().issueTime(Date.from(NOW.plusSeconds(61)))),
            JwtRejection.NOT_YET_VALID),
        row("wrong issuer", rs256(claims().issuer("https://evil.example")), JwtRejection.WRONG_ISSUER),
        row("wrong audience", rs256(claims().audience("someone-else")), JwtRejection.WRONG_AUDIENCE),
        row("no subject", rs256(claims().subject(null)), JwtRejection.NO_SUBJECT),
        row("alg none", new PlainJWT(claims().build()).serialize(), JwtRejection.DISALLOWED_ALGORITHM),
        row("HS256 signed with the public key", hmac.serialize(), JwtRejection.DISALLOWED_ALGORITHM),
        row("RS384, not allowed", TestTokens.sign(rsa, JWSAlgorithm.RS384, claims().build()),
            JwtRejection.DISALLOWED_ALGORITHM),
        row("ES256 header on the RSA key's kid", TestTokens.sign(ecdsa,
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("rsa-1").build(), claims().build()),
            JwtRejection.UNKNOWN_KEY),
        row("unknown kid", TestTokens.sign(TestTokens.rsa("rsa-9"), JWSAlgorithm.RS256, claims().build()),
            JwtRejection.UNKNOWN_KEY),
        row("signed by another key with the same kid", TestTokens.sign(stranger, JWSAlgorithm.RS256,
            claims().build()), JwtRejection.BAD_SIGNATURE),
        row("claims changed after signing", swapClaims(valid, claims().subject("mallory").build()),
            JwtRejection.BAD_SIGNATURE),
        row("truncated signature", valid.substring(0, valid.length() - 20), JwtRejection.BAD_SIGNATURE),
        row("no signature", valid.substring(0, valid.lastIndexOf('.') + 1), JwtRejection.MALFORMED),
        row("20 KB long", longPayload + "." + longPayload + ".c2ln", JwtRejection.MALFORMED),
        row("non-base64", "eyJ$%.e30.c2ln", JwtRejection.MALFORMED),
        row("base64 but not JSON", "bm90IGpzb24.e30.c2ln", JwtRejection.MALFORMED),
        row("payload not JSON", valid.substring(0, valid.indexOf('.')) + ".bm90IGpzb24" + valid.substring(
            valid.lastIndexOf('.')), JwtRejection.MALFORMED),
        row("empty parts", "..", JwtRejection.MALFORMED),
        row("deeply nested header", Base64URL.encode("{\"alg\":\"RS256\",\"x\":" + "[".repeat(2500)
            + "]".repeat(2500) + "}") + ".e30.c2ln", JwtRejection.MALFORMED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  void badToken_decidedFailureWithItsReason_neverAnException_neverLogged(String name, String token,
      JwtRejection reason) {
    assertThat(authenticator.verify(token)).isEqualTo(new JwtVerification.Rejected(reason));
    assertThat(authenticator.authenticate(bearer(token)))
        .isEqualTo(new Authentication.Failure(AuthFailure.UNKNOWN_OR_EXPIRED, Optional.of(reason.description())));
    synchronized (logged) {
      assertThat(logged).extracting(LogRecord::getMessage)
          .noneMatch(message -> message != null && message.contains(token));
    }
  }

  @Test
  void revokeAll_refusesTheSubjectsOlderTokens_asRevoked_newerOnesPass() {
    FakeClock clock = new FakeClock(NOW);
    SessionStore sessions = SessionStore.inMemory(SessionConfig.builder().clock(clock).build());
    try (JwtAuthenticator revocable = JwtAuthenticator.create(config().build(), sessions,
        RevocationCheckConfig.builder().executor(Runnable::run).build())) {
      String older = rs256(claims().issueTime(Date.from(NOW.minusSeconds(1))));
      String bobs = rs256(claims().subject("bob").issueTime(Date.from(NOW.minusSeconds(1))));
      assertThat(revocable.verify(older)).isInstanceOf(JwtVerification.Verified.class);

      sessions.revokeAll("alice");
      clock.advance(Duration.ofSeconds(1));
      JwtVerifierConfig later = config().clock(Clock.fixed(NOW.plusSeconds(3), ZoneOffset.UTC)).build();
      try (JwtAuthenticator afterwards = JwtAuthenticator.create(later, sessions,
          RevocationCheckConfig.builder().executor(Runnable::run).build())) {
        assertThat(afterwards.authenticate(bearer(older)))
            .isEqualTo(Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED, "token revoked"));
        assertThat(afterwards.verify(rs256(claims().issueTime(Date.from(NOW.plusSeconds(1))))))
            .as("issued after the revoke-all").isInstanceOf(JwtVerification.Verified.class);
        assertThat(afterwards.verify(bobs)).as("another subject").isInstanceOf(JwtVerification.Verified.class);
      }
    }
  }

  @Test
  void notJwtShaped_undecided_soTheNextLinkIsAsked() {
    assertThat(authenticator.authenticate(FakeRequest.get()))
        .isEqualTo(Authentication.failure(AuthFailure.NO_CREDENTIALS));
    assertThat(authenticator.authenticate(FakeRequest.get().header("Authorization", "Basic YWxpY2U6cHc=")))
        .isEqualTo(Authentication.failure(AuthFailure.NO_CREDENTIALS));
    assertThat(authenticator.authenticate(bearer("opaque-session-token")))
        .isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
    assertThat(authenticator.authenticate(bearer("a.b")))
        .isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
    assertThat(authenticator.authenticate(bearer("a.b.c.d.e")))
        .isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
    String valid = rs256(claims());
    assertThat(authenticator.authenticate(bearer(valid).header("Authorization", "Bearer " + valid)))
        .isEqualTo(Authentication.failure(AuthFailure.MALFORMED));
  }

  @Test
  void descriptions_areValidRfc6750ErrorDescriptions() {
    for (JwtRejection reason : JwtRejection.values()) {
      assertThat(new JwtVerification.Rejected(reason).toAuthentication())
          .isEqualTo(new Authentication.Failure(AuthFailure.UNKNOWN_OR_EXPIRED, Optional.of(reason.description())));
    }
  }

  private static Arguments row(String name, String token, JwtRejection reason) {
    return Arguments.of(name, token, reason);
  }

  /** {@code token} with its payload replaced by {@code claims}, the signature kept. */
  private static String swapClaims(String token, JWTClaimsSet claims) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + Base64URL.encode(claims.toString()) + "." + parts[2];
  }

  private static FakeRequest bearer(String token) {
    return FakeRequest.get().header("Authorization", "Bearer " + token);
  }
}
