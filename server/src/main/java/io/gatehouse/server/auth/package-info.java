/**
 * Accounts and the auth endpoints: the accounts file and bcrypt password checks behind
 * {@link io.gatehouse.web.login.CredentialVerifier}, and the Javalin routes, each a thin adapter over
 * {@link io.gatehouse.web.api.AuthApi} (which, with {@link io.gatehouse.web.login.LoginLimiter}, holds the logic and
 * its design notes). Internal to the server; may change without notice.
 */
package io.gatehouse.server.auth;
