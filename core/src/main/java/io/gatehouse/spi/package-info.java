/**
 * The service-provider interface between Gatehouse and the stores it keeps state in: {@link
 * io.gatehouse.spi.StoreBackend}, which a back end module implements, and {@link
 * io.gatehouse.spi.StoreUnavailableException}, the one type a back end throws for an outage. The stores a back end
 * hands out implement {@link io.gatehouse.session.SessionBackend} and {@link io.gatehouse.ratelimit.RateLimitBackend},
 * which add the failover's write-back operations to the public API, and it may announce revocations to every
 * instance on an {@link io.gatehouse.session.InvalidationChannel} (for the session near cache and the failover's
 * outage copies). Applications do not need this package.
 */
package io.gatehouse.spi;
