/**
 * Keeps sessions and rate limits working through Redis outages: decorators that fall back to memory, recover by
 * themselves, and write back what happened meanwhile.
 *
 * <p>{@link io.gatehouse.failover.Failover} watches one primary store (one Redis) and hands out decorated
 * {@link io.gatehouse.session.SessionStore}s and {@link io.gatehouse.ratelimit.RateLimiter}s. Its class comment
 * explains the states, what is guaranteed while degraded, and what is lost.
 */
package io.gatehouse.failover;
