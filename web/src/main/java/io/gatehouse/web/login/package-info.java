/**
 * Password login: the {@link io.gatehouse.web.login.LoginLimiter} that limits guessing per client and per username
 * without letting strangers lock the owner out, the {@link io.gatehouse.web.login.DeviceCookie} by which a browser
 * proves it logged in as that user before, the {@link io.gatehouse.web.login.CredentialVerifier} an application
 * supplies, and the listener that reports outcomes to metrics.
 */
package io.gatehouse.web.login;
