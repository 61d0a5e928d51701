package io.gatehouse.web.login;

import java.util.Optional;

/**
 * Checks a username and password against the application's accounts, such as a table of bcrypt hashes. Must take
 * the same time whether or not the username exists (check an unknown name against a dummy hash of the same cost),
 * so response times do not tell which names are real: every account's hash of one cost, or an unknown name is
 * answered faster or slower than a known one.
 *
 * <p>Return the account's {@linkplain VerifiedAccount#version() version} and give the session authenticator an
 * {@link io.gatehouse.web.AccountCheck} for sessions to follow the account. A verifier may throw (an
 * {@link io.gatehouse.web.api.ApiError} 503 when too many checks run at once, say): the login attempt then gives its
 * limiter permits back, since the password was not checked.
 */
@FunctionalInterface
public interface CredentialVerifier {

  /** The account, if {@code password} is its password; empty otherwise. */
  Optional<VerifiedAccount> verify(String username, String password);
}
