package io.gatehouse.oidc;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of the issuer's key set, for readiness and health.
 *
 * @param state what the verifier can do with its keys now
 * @param jwksUri where the keys come from; empty until discovery succeeds
 * @param lastSuccessfulFetch when the key set was last fetched; empty if never
 * @param failingSince when fetching started failing, if the last attempt failed
 * @param lastError what went wrong at the last failed attempt; never holds a token
 */
public record JwksStatus(State state, Optional<String> jwksUri, Optional<Instant> lastSuccessfulFetch,
    Optional<Instant> failingSince, Optional<String> lastError) {

  /** What the verifier can do with its keys. */
  public enum State {
    /** No key set fetched yet, and no attempt has failed. */
    NOT_LOADED,
    /** Keys fetched, and the last attempt succeeded. */
    FRESH,
    /** The provider is failing; the last good keys keep verifying until the outage tolerance runs out. */
    STALE,
    /** No usable keys: never fetched, or the outage has lasted longer than the tolerance. */
    UNAVAILABLE
  }

  public JwksStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(lastSuccessfulFetch, "lastSuccessfulFetch");
    Objects.requireNonNull(failingSince, "failingSince");
    Objects.requireNonNull(lastError, "lastError");
  }

  /** Whether tokens can be verified now: the keys are fresh, or stale within the outage tolerance. */
  public boolean keysUsable() {
    return state == State.FRESH || state == State.STALE;
  }
}
