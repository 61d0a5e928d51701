package io.gatehouse.oidc.login;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.gatehouse.onetime.OneTimeValues;
import java.time.Duration;
import java.util.Optional;

/**
 * Logins started and not yet finished: per {@code state}, the nonce and the PKCE code verifier, in the one-time
 * values under {@code oidc:state:<state>} for the flow timeout. Taken once: a replayed callback finds nothing.
 */
final class PendingLogins {

  private static final String PREFIX = "oidc:state:";

  private final OneTimeValues values;
  private final Duration timeout;

  PendingLogins(OneTimeValues values, Duration timeout) {
    this.values = values;
    this.timeout = timeout;
  }

  /** A login just started. */
  record Pending(State state, Nonce nonce, CodeVerifier verifier) {}

  /** Starts a login: fresh random state, nonce and verifier, remembered for the flow timeout. */
  Pending start() {
    Pending pending = new Pending(new State(), new Nonce(), new CodeVerifier());
    values.put(PREFIX + pending.state().getValue(),
        pending.nonce().getValue() + " " + pending.verifier().getValue(), timeout);
    return pending;
  }

  /** The login {@code state} started, forgotten in the same step; empty if unknown, expired or already used. */
  Optional<Pending> finish(String state) {
    if (state == null || state.isEmpty() || state.length() > 128
        || !state.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      return Optional.empty();
    }
    return values.take(PREFIX + state).map(value -> {
      String[] parts = value.split(" ", 2);
      return new Pending(new State(state), new Nonce(parts[0]), new CodeVerifier(parts[1]));
    });
  }
}
