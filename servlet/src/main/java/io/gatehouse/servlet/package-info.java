/**
 * Gatehouse for Jakarta Servlet 6 containers (Jetty 12, Tomcat 10.1, Undertow): the
 * {@link io.gatehouse.servlet.GatehouseFilter} that authenticates requests with Gatehouse sessions, guards against
 * cross-site requests, applies an optional per-client API rate limit and shows the principal through
 * {@code getUserPrincipal()} and {@code isUserInRole()}; the {@link io.gatehouse.servlet.GatehouseAuthServlet} with
 * the login, logout and session endpoints; and the request view, JSON body reader and JSON answers
 * ({@link io.gatehouse.servlet.JsonResponses}) they, and the console's servlet, are built on. Configured
 * in code, from a {@link io.gatehouse.Gatehouse}; no {@code web.xml} needed.
 *
 * <p>An application's own controllers use {@link io.gatehouse.servlet.GatehouseFilter#principal} (or the request's
 * {@code getUserPrincipal()}), and for the session operations {@link io.gatehouse.web.api.AuthApi}, as the servlet
 * does: {@code api.current(AuthApi.require(filter.authenticate(request)))}.
 */
package io.gatehouse.servlet;
