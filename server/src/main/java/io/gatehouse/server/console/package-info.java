/**
 * The operator console at {@code /admin}: one page for accounts with the admin role that shows this instance's
 * failover mode, the last hour of logins, validations, refusals and failovers as charts, a user's sessions (and
 * revokes them), and a key's state in each rate limiter (and resets it). The page calls JSON endpoints under
 * {@code /api/admin/*}, so the API stays the single source of truth; the history is kept here, in the server, in a
 * bounded ring ({@link io.gatehouse.server.console.ConsoleHistory}). Internal to the server; may change without
 * notice.
 */
package io.gatehouse.server.console;
