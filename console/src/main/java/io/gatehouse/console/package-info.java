/**
 * The operator console: one page for accounts with the admin role that shows this instance's failover mode, the last
 * hour of logins, validations, refusals and failovers as charts, a user's sessions (and revokes them), and a key's
 * state in each rate limiter (and resets it). The page calls the console's JSON API, so the API stays the single
 * source of truth; the history is kept in this process, in a bounded ring ({@link io.gatehouse.console.ConsoleHistory}).
 *
 * <p>{@link io.gatehouse.console.Console} is the entry point; {@link io.gatehouse.console.ConsoleServlet} serves it in
 * a Servlet application, behind the {@link io.gatehouse.servlet.GatehouseFilter}; the reference server serves the
 * same {@link io.gatehouse.console.ConsoleApi} and {@link io.gatehouse.console.ConsolePages} through Javalin.
 */
package io.gatehouse.console;
