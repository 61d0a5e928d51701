package io.gatehouse.oidc.login;

import java.util.Optional;

/**
 * Protects a provider token kept server-side (the ID token, for the logout's {@code id_token_hint}), such as an
 * AES-GCM cipher with key ids. Two method references fit it: {@code TokenSealer.of(cipher::encrypt, cipher::decrypt)}.
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

  /** The protected form of {@code token}, as printable ASCII. */
  String seal(String token);

  /** The token back, or empty if {@code sealed} cannot be opened (a retired key, tampering). */
  Optional<String> open(String sealed);
}
