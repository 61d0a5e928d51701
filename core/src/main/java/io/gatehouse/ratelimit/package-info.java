/**
 * Rate limits: a {@link io.gatehouse.ratelimit.RateLimiter} applies one {@link io.gatehouse.ratelimit.RateLimit}
 * policy (an exact sliding window, or a token bucket) to many keys, and answers each request with a
 * {@link io.gatehouse.ratelimit.RateLimitDecision} that carries what the {@code Retry-After} and
 * {@code RateLimit-*} headers need.
 */
package io.gatehouse.ratelimit;
