/**
 * Password login: the {@link io.gatehouse.web.login.LoginLimiter} that counts failed logins per client and per
 * username without locking anyone out on a success, the {@link io.gatehouse.web.login.CredentialVerifier} an
 * application supplies, and the listener that reports outcomes to metrics.
 */
package io.gatehouse.web.login;
