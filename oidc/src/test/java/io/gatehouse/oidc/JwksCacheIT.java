package io.gatehouse.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The key set against a provider the test controls ({@link TestJwks}): readiness, discovery, outages within and
 * beyond the tolerance, slow answers, key rotation and {@code kid} floods. Nimbus's caches run on the system clock, so
 * these use short real intervals and bounded polls.
 */
class JwksCacheIT {

  static final String AUDIENCE = "gatehouse-api";

  static RSAKey keyA;
  static RSAKey keyB;
  final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void keys() {
    keyA = TestTokens.rsa("key-a");
    keyB = TestTokens.rsa("key-b");
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }

  TestJwks provider(RSAKey... keys) throws Exception {
    TestJwks provider = TestJwks.start(keys);
    opened.add(provider);
    return provider;
  }

  /** Short intervals: the cache lives 1 s, refetches are rate-limited to 200 ms, an outage is tolerated for 3 s. */
  JwtVerifierConfig.Builder fast(TestJwks provider) {
    return JwtVerifierConfig.builder().issuer(provider.issuer()).audiences(AUDIENCE).jwksUri(provider.jwksUri())
        .connectTimeout(Duration.ofMillis(200)).readTimeout(Duration.ofMillis(300))
        .jwksCacheTtl(Duration.ofSeconds(1)).jwksRefreshAhead(Duration.ofMillis(100))
        .jwksRefetchInterval(Duration.ofMillis(200)).jwksOutageTolerance(Duration.ofSeconds(3));
  }

  JwtAuthenticator open(JwtVerifierConfig config) {
    JwtAuthenticator authenticator = JwtAuthenticator.create(config);
    opened.add(authenticator);
    return authenticator;
  }

  static String token(RSAKey key, String issuer) {
    return TestTokens.sign(key, JWSAlgorithm.RS256, TestTokens.claims(issuer, AUDIENCE, Instant.now()).build());
  }

  @Test
  void prewarm_loadsTheKeys_readyAndFresh() throws Exception {
    TestJwks provider = provider(keyA);
    JwtAuthenticator authenticator = open(fast(provider).build());

    assertThat(authenticator.ready()).isFalse();
    assertThat(authenticator.jwksStatus().state()).isEqualTo(JwksStatus.State.NOT_LOADED);

    assertThat(authenticator.prewarm()).isTrue();

    JwksStatus status = authenticator.jwksStatus();
    assertThat(authenticator.ready()).isTrue();
    assertThat(status.state()).isEqualTo(JwksStatus.State.FRESH);
    assertThat(status.jwksUri()).contains(provider.jwksUri());
    assertThat(status.lastSuccessfulFetch()).isPresent();
    assertThat(status.failingSince()).isEmpty();
    assertThat(provider.jwksRequests()).isEqualTo(1);
    assertThat(authenticator.verify(token(keyA, provider.issuer()))).isInstanceOf(JwtVerification.Verified.class);
    assertThat(provider.jwksRequests()).isEqualTo(1);
  }

  @Test
  void discovery_findsTheKeySet() throws Exception {
    TestJwks provider = provider(keyA);
    JwtAuthenticator authenticator = open(JwtVerifierConfig.builder().issuer(provider.issuer()).audiences(AUDIENCE)
        .build());

    assertThat(authenticator.prewarm()).isTrue();
    assertThat(authenticator.jwksStatus().jwksUri()).contains(provider.jwksUri());
    assertThat(authenticator.verify(token(keyA, provider.issuer()))).isInstanceOf(JwtVerification.Verified.class);
  }

  @Test
  void discovery_namingAnotherIssuer_notReady() throws Exception {
    TestJwks provider = provider(keyA);
    provider.discoveredIssuer("https://evil.example");
    JwtAuthenticator authenticator = open(JwtVerifierConfig.builder().issuer(provider.issuer()).audiences(AUDIENCE)
        .build());

    assertThat(authenticator.prewarm()).isFalse();

    JwksStatus status = authenticator.jwksStatus();
    assertThat(status.state()).isEqualTo(JwksStatus.State.UNAVAILABLE);
    assertThat(status.lastError()).contains("the discovery document at " + provider.issuer()
        + "/.well-known/openid-configuration names the issuer \"https://evil.example\", expected \""
        + provider.issuer() + "\"");
    assertThat(authenticator.verify(token(keyA, provider.issuer())))
        .isEqualTo(new JwtVerification.Rejected(JwtRejection.KEYS_UNAVAILABLE));
    assertThat(provider.jwksRequests()).isZero();
  }

  @Test
  void slowProvider_prewarmGivesUpWithinTheTimeouts_thenRecovers() throws Exception {
    TestJwks provider = provider(keyA);
    provider.delay(Duration.ofSeconds(2));
    JwtAuthenticator authenticator = open(fast(provider).build());

    long start = System.nanoTime();
    assertThat(authenticator.prewarm()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));

    JwksStatus status = authenticator.jwksStatus();
    assertThat(status.state()).isEqualTo(JwksStatus.State.UNAVAILABLE);
    assertThat(status.lastError()).contains("GET " + provider.jwksUri()
        + " failed: java.net.SocketTimeoutException: Read timed out");

    provider.delay(Duration.ZERO);
    await().atMost(Duration.ofSeconds(5)).until(authenticator::prewarm);
    assertThat(authenticator.jwksStatus().state()).isEqualTo(JwksStatus.State.FRESH);
    assertThat(authenticator.jwksStatus().lastError()).isEmpty();
  }

  @Test
  void outage_lastGoodKeysVerifyWithinTheTolerance_thenKeysUnavailable_thenRecovered() throws Exception {
    TestJwks provider = provider(keyA);
    JwtAuthenticator authenticator = open(fast(provider).build());
    assertThat(authenticator.prewarm()).isTrue();
    Instant fetched = authenticator.jwksStatus().lastSuccessfulFetch().orElseThrow();
    String token = token(keyA, provider.issuer());

    provider.down(true);

    // Past the cache's 1 s: the refresh has failed, and the last good keys still verify.
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(authenticator.jwksStatus().state()).isEqualTo(JwksStatus.State.STALE));
    assertThat(authenticator.verify(token)).isInstanceOf(JwtVerification.Verified.class);
    assertThat(authenticator.ready()).isTrue();
    assertThat(authenticator.jwksStatus().lastError()).contains("GET " + provider.jwksUri()
        + " failed: java.io.IOException: Server returned HTTP response code: 503 for URL: " + provider.jwksUri());

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(authenticator.verify(token)).isEqualTo(new JwtVerification.Rejected(JwtRejection.KEYS_UNAVAILABLE)));
    assertThat(Instant.now()).isAfterOrEqualTo(fetched.plusSeconds(3));
    assertThat(authenticator.jwksStatus().state()).isEqualTo(JwksStatus.State.UNAVAILABLE);
    assertThat(authenticator.ready()).isFalse();

    provider.down(false);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(authenticator.verify(token)).isInstanceOf(JwtVerification.Verified.class));
    assertThat(authenticator.jwksStatus().state()).isEqualTo(JwksStatus.State.FRESH);
  }

  @Test
  void rotation_newKeyPickedUpAtOnce_retiredKeyDroppedAtTheNextRefresh() throws Exception {
    TestJwks provider = provider(keyA);
    JwtAuthenticator authenticator = open(fast(provider).build());
    assertThat(authenticator.prewarm()).isTrue();
    String tokenA = token(keyA, provider.issuer());
    String tokenB = token(keyB, provider.issuer());

    provider.publish(keyA, keyB);

    assertThat(authenticator.verify(tokenB)).isInstanceOf(JwtVerification.Verified.class);
    assertThat(authenticator.verify(tokenA)).isInstanceOf(JwtVerification.Verified.class);

    provider.publish(keyB);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(authenticator.verify(tokenA)).isEqualTo(new JwtVerification.Rejected(JwtRejection.UNKNOWN_KEY)));
    assertThat(authenticator.verify(tokenB)).isInstanceOf(JwtVerification.Verified.class);
  }

  @Test
  void kidFlood_refetchesAtMostTwicePerInterval() throws Exception {
    TestJwks provider = provider(keyA);
    Duration interval = Duration.ofMillis(500);
    JwtAuthenticator authenticator = open(fast(provider).jwksCacheTtl(Duration.ofSeconds(30))
        .jwksRefreshAhead(Duration.ofSeconds(1)).jwksOutageTolerance(Duration.ofSeconds(30))
        .jwksRefetchInterval(interval).build());
    assertThat(authenticator.prewarm()).isTrue();
    List<String> flood = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      flood.add(TestTokens.sign(keyA, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(UUID.randomUUID().toString())
          .build(), TestTokens.claims(provider.issuer(), AUDIENCE, Instant.now()).build()));
    }
    ConcurrentHashMap<JwtVerification, Integer> answers = new ConcurrentHashMap<>();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(2);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      running.add(threads.submit(() -> {
        for (int i = 0; System.nanoTime() < deadline; i++) {
          answers.merge(authenticator.verify(flood.get(i % flood.size())), 1, Integer::sum);
        }
      }));
    }
    for (Future<?> thread : running) {
      thread.get(10, TimeUnit.SECONDS);
    }
    threads.shutdown();
    long elapsed = System.nanoTime() - start;

    long windows = elapsed / interval.toNanos() + 1;
    assertThat(answers.keySet()).containsExactly(new JwtVerification.Rejected(JwtRejection.UNKNOWN_KEY));
    assertThat(answers.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(100);
    assertThat(provider.jwksRequests() - 1).isBetween(1, (int) (2 * windows));
    assertThat(authenticator.verify(token(keyA, provider.issuer()))).isInstanceOf(JwtVerification.Verified.class);
  }
}
