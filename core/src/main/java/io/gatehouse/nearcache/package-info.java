/**
 * The session near cache: {@link io.gatehouse.nearcache.NearCachedSessionStore} answers validations from this process
 * for a bounded staleness, and drops what an {@link io.gatehouse.session.InvalidationChannel} says was revoked on any
 * instance; while the channel is not connected it is not used. Settings: {@link
 * io.gatehouse.nearcache.NearCacheConfig}. Applications turn it on with {@code Gatehouse.builder().nearCache(...)}.
 */
package io.gatehouse.nearcache;
