package io.gatehouse.oidc.login;

import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.gatehouse.web.api.ApiError;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The provider's endpoints, from {@code <issuer>/.well-known/openid-configuration}: fetched on first use (so that the
 * server starts while the provider is down), kept once fetched, and refetched at most once per
 * {@link #RETRY_INTERVAL_SECONDS} seconds while the fetch fails, so that a down provider is not hammered. The
 * Nimbus SDK checks that the document names the configured issuer.
 */
final class ProviderEndpoints {

  static final long RETRY_INTERVAL_SECONDS = 10;
  private static final System.Logger LOG = System.getLogger(ProviderEndpoints.class.getName());

  /** What the login uses of the provider's metadata. */
  record Endpoints(URI authorization, URI token, Optional<URI> endSession) {}

  private final OidcLoginConfig config;
  private final Clock clock = Clock.systemUTC();
  private volatile Endpoints endpoints;
  private Instant nextAttempt = Instant.MIN;

  ProviderEndpoints(OidcLoginConfig config) {
    this.config = config;
  }

  /**
   * The endpoints.
   *
   * @throws ApiError 503 if the provider's metadata cannot be had now
   */
  Endpoints get() {
    Endpoints known = endpoints;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (endpoints == null) {
        endpoints = discover();
      }
      return endpoints;
    }
  }

  private Endpoints discover() {
    Instant now = clock.instant();
    if (now.isBefore(nextAttempt)) {
      throw unavailable();
    }
    nextAttempt = now.plusSeconds(RETRY_INTERVAL_SECONDS);
    try {
      OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(config.issuer().toString()),
          (int) config.verifier().connectTimeout().toMillis(), (int) config.verifier().readTimeout().toMillis());
      if (metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null) {
        LOG.log(Level.WARNING, "OIDC discovery for {0}: no authorization_endpoint or token_endpoint",
            config.issuer());
        throw unavailable();
      }
      Endpoints found = new Endpoints(metadata.getAuthorizationEndpointURI(), metadata.getTokenEndpointURI(),
          Optional.ofNullable(metadata.getEndSessionEndpointURI()));
      LOG.log(Level.INFO, "OIDC login against {0}: authorization {1}, token {2}, end session {3}", config.issuer(),
          found.authorization(), found.token(), found.endSession().map(URI::toString).orElse("none"));
      return found;
    } catch (IOException | GeneralException e) {
      LOG.log(Level.WARNING, "OIDC discovery for {0} failed: {1}", config.issuer(), e.getMessage());
      throw unavailable();
    }
  }

  private static ApiError unavailable() {
    return new ApiError(503, "provider_unavailable", "the identity provider cannot be reached; try again shortly");
  }
}
