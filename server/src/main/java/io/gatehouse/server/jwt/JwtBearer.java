package io.gatehouse.server.jwt;

import io.gatehouse.oidc.JwksStatus;
import io.gatehouse.oidc.JwtAuthenticator;
import io.gatehouse.oidc.RevocationCheckConfig;
import io.gatehouse.server.config.OidcSettings;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.Authenticator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's JWT bearer authentication ({@code OIDC_ISSUER}): the {@link JwtAuthenticator} link, and
 * whether the server may report ready, which by default waits for the provider's keys.
 *
 * <p>Why readiness retries: {@link JwtAuthenticator#prewarm()} runs once at start-up, and the authenticator fetches
 * again only for a token. A server that started while the provider was down would stay not ready, so receive no
 * traffic, so never fetch. {@link #ready()} therefore prewarms again when the keys are missing, at most once per
 * {@link #RETRY_INTERVAL} and never two at once, so a probe storm cannot hammer the provider.
 */
public final class JwtBearer implements AutoCloseable {

  /** Shortest time between two readiness-driven fetches of a missing key set. */
  public static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(JwtBearer.class);

  private final JwtAuthenticator authenticator;
  private final boolean startWithoutKeys;
  private final Clock clock;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile Instant nextRetry = Instant.MIN;

  private JwtBearer(JwtAuthenticator authenticator, boolean startWithoutKeys, Clock clock) {
    this.authenticator = authenticator;
    this.startWithoutKeys = startWithoutKeys;
    this.clock = clock;
  }

  /**
   * JWT bearer authentication as {@code settings} describe it, refusing a subject's JWTs issued before its last
   * revoke-all in {@code sessions} (markers cached with the defaults of {@link RevocationCheckConfig}: seen by every
   * instance within 2 s); nothing is fetched until {@link #prewarm()}.
   */
  public static JwtBearer create(OidcSettings settings, SessionStore sessions) {
    return new JwtBearer(JwtAuthenticator.create(settings.verifier(), sessions, RevocationCheckConfig.create()),
        settings.startWithoutKeys(), Clock.systemUTC());
  }

  /** The link to add to the authenticator chain, after the session link. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** Loads the provider's keys, once, at start-up; logs whether that worked. Never throws for the provider. */
  public void prewarm() {
    fetch();
    JwksStatus status = authenticator.jwksStatus();
    if (status.keysUsable()) {
      LOG.info("JWT bearer tokens: keys loaded from {}", status.jwksUri().orElse("the provider"));
    } else {
      LOG.warn("JWT bearer tokens: the provider's keys could not be loaded ({}); JWTs get 401 until they"
          + " are, and {}", status.lastError().orElse("no answer"), startWithoutKeys
          ? "the server reports ready anyway (OIDC_START_WITHOUT_KEYS=true)"
          : "/api/health/ready answers 503 until then (OIDC_START_WITHOUT_KEYS=false)");
    }
  }

  /**
   * Whether the keys let the server take traffic: always with {@code OIDC_START_WITHOUT_KEYS=true}, else once they
   * are loaded and usable; fetches them again when missing, rate-limited.
   */
  public boolean ready() {
    if (startWithoutKeys || authenticator.ready()) {
      return true;
    }
    if (clock.instant().isAfter(nextRetry) && fetching.tryLock()) {
      try {
        fetch();
      } finally {
        fetching.unlock();
      }
    }
    return authenticator.ready();
  }

  private void fetch() {
    nextRetry = clock.instant().plus(RETRY_INTERVAL);
    authenticator.prewarm();
  }

  /** The key set's state, for health. */
  public JwksStatus status() {
    return authenticator.jwksStatus();
  }

  /** Stops the background refresh of the keys. */
  @Override
  public void close() {
    authenticator.close();
  }
}
