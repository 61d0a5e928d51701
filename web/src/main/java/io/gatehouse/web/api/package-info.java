/**
 * The answers of the session endpoints, shared by every adapter: {@link io.gatehouse.web.api.AuthApi} (login,
 * logout, sessions, revoke), the response bodies, {@link io.gatehouse.web.api.ApiError} for error answers and
 * {@link io.gatehouse.web.api.RateLimitHeaders} for {@code RateLimit-*} and {@code Retry-After}.
 */
package io.gatehouse.web.api;
