package io.gatehouse.oidc;

import io.gatehouse.session.SessionStore;
import io.gatehouse.web.AuthFailure;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.HttpRequestView;
import java.util.Objects;
import java.util.Optional;

/**
 * The authenticator of JWT bearer tokens: one link of an {@link Authenticator#chain}, beside the session link, in
 * either order. It takes {@code Authorization: Bearer <token>} when the token has the shape of a JWS in compact form
 * (three dot-separated parts); any other request it leaves undecided ({@link AuthFailure#NO_CREDENTIALS} without a
 * bearer token, {@link AuthFailure#MALFORMED} for a token of another shape, such as a Gatehouse session token), so
 * the next link can take it. A token it takes it decides: a principal with the subject and roles from the configured
 * claims and the method {@code JWT_BEARER}, or {@link AuthFailure#UNKNOWN_OR_EXPIRED} with the
 * {@link JwtRejection#description()} as the failure's description, for a {@code 401} with
 * {@code WWW-Authenticate: Bearer error="invalid_token", error_description="..."}. It never throws for a client's
 * token, and never writes a token to a log.
 *
 * <p>The issuer's keys are fetched and cached by Nimbus JOSE+JWT: refreshed ahead of expiry in the background,
 * refetched for an unknown {@code kid} at most twice per {@link JwtVerifierConfig#jwksRefetchInterval()} (Nimbus's
 * rate limiter lets a pair through per interval), retried once on failure, and kept verifying through a provider
 * outage for {@link JwtVerifierConfig#jwksOutageTolerance()}. Call {@link #prewarm()} at start-up and report
 * {@link #ready()} as readiness; {@link #jwksStatus()} is for health. Thread-safe; {@link #close()} stops the
 * background refresh.
 */
public interface JwtAuthenticator extends Authenticator, AutoCloseable {

  /** An authenticator for {@code config}; nothing is fetched until {@link #prewarm()} or the first token. */
  static JwtAuthenticator create(JwtVerifierConfig config) {
    return new JwksJwtAuthenticator(config, Optional.empty());
  }

  /**
   * An authenticator for {@code config} that also refuses, as {@link JwtRejection#REVOKED}, a token issued
   * ({@code iat}) before its subject's last {@link SessionStore#revokeAll revoke-all} in {@code sessions}, on
   * whichever instance it was made. The markers are cached as {@code revocation} says, so a check of a subject in
   * use costs no round trip: a revoke-all reaches every instance's checks within
   * {@link RevocationCheckConfig#maxAge()}.
   *
   * @param sessions the store whose revoke-alls apply; usually {@link io.gatehouse.Gatehouse#sessions()}
   */
  static JwtAuthenticator create(JwtVerifierConfig config, SessionStore sessions, RevocationCheckConfig revocation) {
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(revocation, "revocation");
    return new JwksJwtAuthenticator(config, Optional.of(new CachedRevocationMarkers(sessions, revocation)));
  }

  /** Verifies {@code token}, the text after {@code Bearer }; never throws for what a client sent. */
  JwtVerification verify(String token);

  /**
   * Discovers the key set's URL if needed and loads the keys, each fetch bounded by the configured timeouts (at most
   * three: discovery, the key set, and one retry of it). Never throws for an unreachable provider.
   *
   * @return whether tokens can be verified now, as {@link #ready()}
   */
  boolean prewarm();

  /** Whether the keys are loaded and usable (fresh, or stale within the outage tolerance): readiness. */
  boolean ready();

  /** The key set's state, for health. */
  JwksStatus jwksStatus();

  /** Stops the background refresh of the key set. */
  @Override
  void close();
}
