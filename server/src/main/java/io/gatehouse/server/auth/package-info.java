/**
 * Accounts, login and session endpoints: bcrypt password checks, the login rate limits
 * ({@link io.gatehouse.server.auth.LoginLimiter} explains its design), the session cookie, and bearer or cookie
 * authentication. Internal to the server; may change without notice.
 */
package io.gatehouse.server.auth;
