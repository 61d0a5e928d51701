package io.gatehouse.web.login;

import java.util.Optional;

/**
 * Checks a username and password against the application's accounts, such as a table of bcrypt hashes. Must take
 * the same time whether or not the username exists (check an unknown name against a dummy hash of the same cost),
 * so response times do not tell which names are real.
 */
@FunctionalInterface
public interface CredentialVerifier {

  /** The account, if {@code password} is its password; empty otherwise. */
  Optional<VerifiedAccount> verify(String username, String password);
}
