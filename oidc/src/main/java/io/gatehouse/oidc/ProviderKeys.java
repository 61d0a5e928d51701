package io.gatehouse.oidc;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.util.List;

/**
 * The issuer's signing keys as a Nimbus {@link JWKSource}, discovered, fetched and cached exactly as the bearer
 * tokens' keys are (see {@link JwtAuthenticator}): for the validators of the browser login (ID tokens, logout
 * tokens), which take a key source. Thread-safe; {@link #close()} stops the background refresh.
 */
public final class ProviderKeys implements JWKSource<SecurityContext>, AutoCloseable {

  private final JwksKeys keys;

  private ProviderKeys(JwksKeys keys) {
    this.keys = keys;
  }

  /** The keys of {@code config}'s issuer (or of its {@code jwksUri}); nothing is fetched until first use. */
  public static ProviderKeys create(JwtVerifierConfig config) {
    return new ProviderKeys(new JwksKeys(config));
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    return keys.get(selector, context);
  }

  /** Loads the keys now; whether they are usable. Never throws for an unreachable provider. */
  public boolean prewarm() {
    return keys.prewarm();
  }

  /** The key set's state, for health. */
  public JwksStatus status() {
    return keys.status();
  }

  @Override
  public void close() {
    keys.close();
  }
}
