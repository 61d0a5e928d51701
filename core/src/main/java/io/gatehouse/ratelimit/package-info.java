/**
 * Rate limits: a {@link io.gatehouse.ratelimit.RateLimiter} applies one {@link io.gatehouse.ratelimit.RateLimit}
 * policy (an exact sliding window, or a token bucket) to many keys, and answers each request with a
 * {@link io.gatehouse.ratelimit.RateLimitDecision} that carries what the {@code Retry-After} and
 * {@code RateLimit-*} headers need. A permit can be given back ({@link io.gatehouse.ratelimit.RateLimiter#release}),
 * so work can be counted before it is known to count, without check-then-count races.
 */
package io.gatehouse.ratelimit;
