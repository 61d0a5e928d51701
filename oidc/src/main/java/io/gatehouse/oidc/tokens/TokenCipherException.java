package io.gatehouse.oidc.tokens;

import java.util.Objects;

/** An encrypted value that cannot be decrypted, and why; the message never quotes the value or any key material. */
public final class TokenCipherException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why an encrypted value was refused. */
  public enum Reason {
    /** Not {@code v1.<key id>.<nonce>.<ciphertext>}: wrong version, parts, alphabet or lengths. */
    MALFORMED,
    /** Names a key id the ring does not hold (removed from the ring, or from another deployment). */
    UNKNOWN_KEY,
    /** The tag does not verify: the value was changed, or sealed with another key under the same id. */
    TAMPERED
  }

  private final Reason reason;

  TokenCipherException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
