/**
 * The Javalin side of {@code gatehouse-web}: who sent a request ({@link io.gatehouse.server.http.RequestIdentity},
 * computed once per request), the optional API rate limit, and JSON error answers at every layer
 * ({@link io.gatehouse.server.http.ErrorResponses} turns {@link io.gatehouse.web.api.ApiError} into a response).
 * Internal to the server; may change without notice.
 */
package io.gatehouse.server.http;
