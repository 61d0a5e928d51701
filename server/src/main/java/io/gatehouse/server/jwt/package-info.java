/**
 * JWT bearer tokens in the reference server: the {@code gatehouse-oidc} verifier built from the {@code OIDC_*}
 * settings, prewarmed at start-up and retried for readiness. Apart from {@code auth}, which the configuration reads
 * accounts from, so that the two packages do not depend on each other.
 */
package io.gatehouse.server.jwt;
