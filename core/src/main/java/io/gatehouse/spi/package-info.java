/**
 * The service-provider interface between Gatehouse and the stores it keeps state in: {@link
 * io.gatehouse.spi.StoreBackend}, which a back end module implements, and {@link
 * io.gatehouse.spi.StoreUnavailableException}, the one type a back end throws for an outage, and {@link
 * io.gatehouse.spi.InvalidationChannel}, on which a back end announces revocations to every instance (for the session
 * near cache and the failover's outage copies). The stores a back end
 * hands out implement {@link io.gatehouse.session.SessionBackend} and {@link io.gatehouse.ratelimit.RateLimitBackend},
 * which add the failover's write-back operations to the public API. Applications do not need this package.
 */
package io.gatehouse.spi;
