/**
 * Framework-neutral HTTP authentication on Gatehouse sessions: a request view ({@link io.gatehouse.web.HttpRequestView})
 * that each adapter implements, the {@link io.gatehouse.web.Principal} a request authenticates as, the
 * {@link io.gatehouse.web.Authenticator} chain and its session link (with the {@link io.gatehouse.web.AccountCheck}
 * through which sessions follow the account), the session cookie codec and RFC 6750 bearer parsing. Sub-packages
 * hold the client address, the same-origin guard, the login limiter and its device cookie, and the shared answers of
 * the auth endpoints. Depends on {@code gatehouse-core} only: no HTTP framework.
 */
package io.gatehouse.web;
