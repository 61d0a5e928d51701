package io.gatehouse.oidc.login;

import io.gatehouse.oidc.tokens.TokenCipher;
import java.util.Objects;
import java.util.Optional;

/**
 * Protects a provider token kept server-side (the ID token, for the logout's {@code id_token_hint}), such as an
 * AES-GCM cipher with key ids: {@link #encryptedWith(TokenCipher)}.
 */
public interface TokenSealer {

  /** Keeps tokens as they are: for a store that is itself trusted (the default; see the package notes). */
  TokenSealer NONE = new TokenSealer() {
    @Override
    public String seal(String token) {
      return token;
    }

    @Override
    public Optional<String> open(String sealed) {
      return Optional.of(sealed);
    }
  };

  /**
   * Seals with {@code cipher} (such as {@code TokenCipher.aesGcm(keyRing)}); a value it cannot open (a retired key,
   * another instance's key, tampering) opens as empty, so the caller goes on without it.
   */
  static TokenSealer encryptedWith(TokenCipher cipher) {
    Objects.requireNonNull(cipher, "cipher");
    return new TokenSealer() {
      @Override
      public String seal(String token) {
        return cipher.encrypt(token);
      }

      @Override
      public Optional<String> open(String sealed) {
        return cipher.tryDecrypt(sealed);
      }
    };
  }

  /** The protected form of {@code token}, as printable ASCII. */
  String seal(String token);

  /** The token back, or empty if {@code sealed} cannot be opened (a retired key, tampering). */
  Optional<String> open(String sealed);
}
