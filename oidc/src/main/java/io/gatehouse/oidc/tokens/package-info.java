/**
 * Encryption of the provider's tokens (refresh, access, ID tokens) that a login keeps in a Gatehouse session, so
 * that a copy of Redis or of a session listing does not hand them out: {@link io.gatehouse.oidc.tokens.TokenCipher}
 * (AES-256-GCM) over a {@link io.gatehouse.oidc.tokens.TokenKeyRing} of named keys, for rotation. Self-contained: it
 * depends on the JDK only.
 */
package io.gatehouse.oidc.tokens;
