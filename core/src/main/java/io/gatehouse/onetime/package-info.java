/**
 * Short-lived values shared by every instance, each read once: OAuth {@code state}, PKCE verifiers, replay markers,
 * small locks. {@link io.gatehouse.onetime.OneTimeValues} is the API and the back-end SPI alike.
 */
package io.gatehouse.onetime;
