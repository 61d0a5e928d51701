/**
 * Redis implementations of the Gatehouse stores, on Lettuce.
 *
 * <p>{@link io.gatehouse.redis.RedisStores} owns the connection and hands out the
 * {@link io.gatehouse.session.SessionStore} and {@link io.gatehouse.ratelimit.RateLimiter} that share it. Every
 * decision is one Lua script (in this package's resources, one {@code .lua} file each) run with {@code EVALSHA};
 * the whole Redis footprint is listed in the package-private {@code RedisApi}. Connection failures and timeouts
 * surface as {@link io.gatehouse.spi.StoreUnavailableException}; anything else Redis reports is a defect and propagates.
 */
package io.gatehouse.redis;
