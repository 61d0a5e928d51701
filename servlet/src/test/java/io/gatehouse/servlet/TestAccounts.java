package io.gatehouse.servlet;

import io.gatehouse.web.login.CredentialVerifier;
import io.gatehouse.web.login.VerifiedAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The accounts of the test application: alice and bob are users, root is an admin; all share one password. Checking
 * {@value #BROKEN} throws.
 */
final class TestAccounts implements CredentialVerifier {

  static final String PASSWORD = "correct horse battery staple";

  private static final Map<String, Set<String>> ROLES = Map.of(
      "alice", Set.of("user"),
      "bob", Set.of("user"),
      "root", Set.of("admin", "user"));

  /** The username whose check fails with an exception, as a broken account database would. */
  static final String BROKEN = "broken";

  @Override
  public Optional<VerifiedAccount> verify(String username, String password) {
    if (username.equals(BROKEN)) {
      throw new IllegalStateException("account database unavailable");
    }
    boolean matches = MessageDigest.isEqual(PASSWORD.getBytes(StandardCharsets.UTF_8),
        password.getBytes(StandardCharsets.UTF_8));
    Set<String> roles = ROLES.get(username);
    return matches && roles != null ? Optional.of(new VerifiedAccount(username, roles)) : Optional.empty();
  }
}
