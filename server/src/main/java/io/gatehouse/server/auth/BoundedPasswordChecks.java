package io.gatehouse.server.auth;

import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.login.CredentialVerifier;
import io.gatehouse.web.login.VerifiedAccount;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * A cap on password checks at once ({@code BCRYPT_MAX_CONCURRENT}): a check beyond it is refused at once with 503
 * and {@code Retry-After: 1}, nothing queues.
 *
 * <p>A bcrypt check is a quarter second of a CPU core by design, so a burst of logins (a crowd, or an attacker from
 * many addresses, each within its limits) would otherwise occupy every core and every request thread, and the
 * server would stop answering anything else. Refusing at once keeps the threads free; the refused login gave back
 * its limiter permits (its password was not checked), so retrying costs the client nothing. The check of an unknown
 * name takes a slot too, or the refusals would tell which names exist.
 */
public final class BoundedPasswordChecks implements CredentialVerifier {

  /** The answer beyond the cap. */
  public static final String BUSY = "too many logins are being checked at once; retry in a second";

  private final CredentialVerifier verifier;
  private final Semaphore slots;
  private final int max;

  /** At most {@code max} checks of {@code verifier} at once; at least 1. */
  public BoundedPasswordChecks(CredentialVerifier verifier, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the cap on password checks at once must be at least 1, got " + max);
    }
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.slots = new Semaphore(max);
    this.max = max;
  }

  /**
   * Checks the password if a slot is free.
   *
   * @throws ApiError 503 with {@code Retry-After: 1} when {@code max} checks are running
   */
  @Override
  public Optional<VerifiedAccount> verify(String username, String password) {
    if (!slots.tryAcquire()) {
      throw new ApiError(503, "service_unavailable", BUSY, Map.of("Retry-After", "1"));
    }
    try {
      return verifier.verify(username, password);
    } finally {
      slots.release();
    }
  }

  /** How many checks are running now. */
  public int running() {
    return max - slots.availablePermits();
  }
}
