package io.gatehouse.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.Gatehouse;
import io.gatehouse.redis.RedisConfig;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Revoke-all reaching JWTs across instances: two Gatehouse instances (with their JWT authenticators, default
 * marker cache) on one real {@code redis-server}, tokens from a real provider in-process. A revoke-all on A
 * refuses the subject's older JWTs on B within the cache's bound, while tokens issued after it pass; the time it
 * takes is measured and printed.
 */
class RevokeAllJwtIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  static final String AUDIENCE = "gatehouse-api";
  static final int ROUNDS = 10;

  MockOAuth2Server provider;
  Gatehouse a;
  Gatehouse b;
  JwtAuthenticator jwtA;
  JwtAuthenticator jwtB;

  @BeforeEach
  void start() {
    provider = new MockOAuth2Server();
    provider.start();
    a = instance();
    b = instance();
    jwtA = authenticator(a);
    jwtB = authenticator(b);
    assertThat(jwtA.prewarm()).isTrue();
    assertThat(jwtB.prewarm()).isTrue();
  }

  @AfterEach
  void stop() {
    jwtA.close();
    jwtB.close();
    a.close();
    b.close();
    provider.shutdown();
  }

  private static Gatehouse instance() {
    return Gatehouse.builder().backend(RedisStores.create(RedisConfig.create(redis.server().uri()))).build();
  }

  private JwtAuthenticator authenticator(Gatehouse gatehouse) {
    return JwtAuthenticator.create(JwtVerifierConfig.builder()
        .issuer(provider.issuerUrl("default").toString()).audiences(AUDIENCE)
        // Generous: the machine is shared; the provider's slowness is not what this test measures.
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).build(),
        gatehouse.sessions(), RevocationCheckConfig.create());
  }

  private String token(String subject) {
    return provider.issueToken("default", subject, AUDIENCE).serialize();
  }

  @Test
  void revokeAllOnA_refusesOlderJwtsOnB_withinTheBound_newerOnesPass() throws Exception {
    List<Long> millis = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      String subject = "alice-" + round;
      String older = token(subject);
      // B checks the subject's token in steady use, as an API client's requests would.
      for (int i = 0; i < 20; i++) {
        assertThat(jwtB.verify(older)).isInstanceOf(JwtVerification.Verified.class);
        Thread.sleep(5);
      }
      assertThat(jwtA.verify(older)).isInstanceOf(JwtVerification.Verified.class);

      long start = System.nanoTime();
      a.sessions().revokeAll(subject);
      while (jwtB.verify(older) instanceof JwtVerification.Verified) {
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isLessThan(RevocationCheckConfig.DEFAULT_MAX_AGE.plusMillis(500));
        Thread.sleep(2);
      }
      millis.add((System.nanoTime() - start) / 1_000_000);
      assertThat(jwtB.verify(older)).isEqualTo(new JwtVerification.Rejected(JwtRejection.REVOKED));
      assertThat(jwtA.verify(older)).as("on A too, within the same bound")
          .satisfiesAnyOf(v -> assertThat(v).isEqualTo(new JwtVerification.Rejected(JwtRejection.REVOKED)),
              v -> assertThat(v).isInstanceOf(JwtVerification.Verified.class));

      // iat has whole seconds: a token proves it is newer from the second after the marker's.
      Instant marker = b.sessions().notValidBefore(subject).orElseThrow();
      while (Instant.now().getEpochSecond() <= marker.getEpochSecond()) {
        Thread.sleep(10);
      }
      assertThat(jwtB.verify(token(subject))).as("issued after the revoke-all")
          .isInstanceOf(JwtVerification.Verified.class);
      assertThat(jwtA.verify(token(subject))).isInstanceOf(JwtVerification.Verified.class);
    }
    Collections.sort(millis);
    System.out.printf("revoke-all on A -> older JWT refused on B: p50 %d ms, max %d ms over %d rounds %s%n",
        millis.get(millis.size() / 2), millis.get(millis.size() - 1), ROUNDS, millis);
    assertThat(millis.get(millis.size() - 1)).isLessThanOrEqualTo(RevocationCheckConfig.DEFAULT_MAX_AGE.toMillis()
        + 500);
  }

  @Test
  void quietSubject_waitsForOneFreshRead_andIsRefusedAtOnce() throws Exception {
    String older = token("bob");
    assertThat(jwtB.verify(older)).isInstanceOf(JwtVerification.Verified.class);
    Thread.sleep(RevocationCheckConfig.DEFAULT_MAX_AGE.toMillis() + 100);   // B's cached marker expires

    a.sessions().revokeAll("bob");
    assertThat(jwtB.verify(older)).isEqualTo(new JwtVerification.Rejected(JwtRejection.REVOKED));
  }
}
