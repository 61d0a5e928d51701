package io.gatehouse.oidc.tokens;

import java.util.Optional;

/**
 * Encrypts short secrets (a provider's tokens) for storage, and decrypts them again: authenticated encryption, so a
 * changed or forged value is refused, never decrypted into something else.
 *
 * <p>The encrypted form is text, safe in a Redis hash or a session attribute: {@code v1.<key id>.<nonce>.<ciphertext>},
 * the last two base64url without padding. {@code v1} is AES-256-GCM with a random 96-bit nonce per message and the
 * 128-bit tag appended to the ciphertext; {@code v1.<key id>} is authenticated as additional data, so a value cannot
 * be passed off under another key id or version. Thread-safe.
 */
public interface TokenCipher {

  /** AES-256-GCM with {@code keys}: encrypts with its current key, decrypts with any key it holds (rotation). */
  static TokenCipher aesGcm(TokenKeyRing keys) {
    return new AesGcmTokenCipher(keys);
  }

  /**
   * Encrypts {@code plaintext} (UTF-8) with the ring's current key.
   *
   * @param plaintext must not be {@code null}; may be empty
   */
  String encrypt(String plaintext);

  /**
   * Decrypts a value {@link #encrypt} made, with whichever key of the ring it names.
   *
   * @throws TokenCipherException if it is malformed, names a key the ring does not hold, or fails authentication
   *     (changed, or sealed with another key under the same id); the message never quotes the value or a key
   */
  String decrypt(String encrypted);

  /**
   * {@link #decrypt}, with a value that cannot be decrypted (malformed, a retired key, tampering) as empty: the shape
   * of a login's {@code TokenSealer.open}, for which such a value just means "log in again".
   */
  default Optional<String> tryDecrypt(String encrypted) {
    try {
      return Optional.of(decrypt(encrypted));
    } catch (TokenCipherException e) {
      return Optional.empty();
    }
  }
}
