package io.gatehouse.web;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The hook through which sessions follow the account: the {@link SessionAuthenticator} asks it, on every validation,
 * for the session subject's account as it is now. A removed account, or one whose {@linkplain Current#version()
 * version} differs from the one the session recorded at login, ends the session (it is revoked in the store, so on
 * every instance); otherwise the request gets the account's current roles, not those recorded at login.
 *
 * <p>It is called once per authenticated request, so it must be cheap: a map of loaded accounts, or a cache in front
 * of the user store. The version is whatever changes when existing sessions must end: a hash of the password hash,
 * a password-change counter, a security stamp (as ASP.NET Identity's {@code SecurityStamp}). At login,
 * {@link io.gatehouse.web.api.AuthApi} stores the version the {@link io.gatehouse.web.login.CredentialVerifier}
 * returned in the session's {@value #VERSION_ATTRIBUTE} attribute; a session without it carries the version
 * {@code ""}.
 *
 * <pre>{@code
 * AccountCheck check = subject -> users.find(subject)
 *     .map(user -> new AccountCheck.Current(user.roles(), user.securityStamp()));
 * Authenticator sessions = new SessionAuthenticator(store, cookie, check);
 * }</pre>
 */
@FunctionalInterface
public interface AccountCheck {

  /** The session attribute holding the account's version at login; absent means {@code ""}. */
  String VERSION_ATTRIBUTE = "account_version";

  /**
   * The session attribute naming the identity provider (its issuer) a session was logged in through, such as the
   * OpenID Connect login's. Such a session has no local account to follow: it keeps the roles recorded at login and
   * ends through the provider (back-channel logout) or its own expiry. It is revoked, like a session whose account
   * went away, if its subject turns out to be a local account's name, so that a provider user can never act as the
   * local account of the same name.
   */
  String PROVIDER_ATTRIBUTE = "identity_provider";

  /**
   * The account of {@code subject} as it is now, or empty if it no longer exists. Must be quick and must not throw
   * for an unknown subject.
   */
  Optional<Current> current(String subject);

  /**
   * An account as it is now.
   *
   * @param roles its roles, which the request gets; may be empty
   * @param version what changes when its sessions must end; {@code ""} if nothing does
   */
  record Current(Set<String> roles, String version) {

    public Current {
      roles = Set.copyOf(roles);
      Objects.requireNonNull(version, "version");
    }
  }
}
