/**
 * JWT bearer tokens from an OpenID Connect provider, verified against its JWKS, as one more link of the web module's
 * authenticator chain: {@link io.gatehouse.oidc.JwtAuthenticator}, configured by
 * {@link io.gatehouse.oidc.JwtVerifierConfig}. A rejected token answers a decided failure whose description
 * ({@link io.gatehouse.oidc.JwtRejection}) an adapter can send as RFC 6750 {@code error_description}; the key set's
 * state for readiness and health is a {@link io.gatehouse.oidc.JwksStatus}. Given a session store, the authenticator
 * also refuses a subject's tokens issued before its last revoke-all, from a cache of the store's markers
 * ({@link io.gatehouse.oidc.RevocationCheckConfig}). Signatures, key sets and their caching are
 * Nimbus JOSE+JWT's; this package chooses their settings and checks the claims.
 */
package io.gatehouse.oidc;
