/**
 * Gatehouse: web sessions and rate limits that many application instances share through Redis, and that keep
 * working from memory while Redis is unavailable.
 *
 * <p>The API lives in {@link io.gatehouse.session} and {@link io.gatehouse.ratelimit}; this package holds what both
 * share, such as {@link io.gatehouse.spi.StoreUnavailableException}.
 */
package io.gatehouse;
