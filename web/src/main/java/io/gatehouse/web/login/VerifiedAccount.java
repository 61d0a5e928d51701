package io.gatehouse.web.login;

import java.util.Objects;
import java.util.Set;

/**
 * An account whose password was just checked: the session's subject and the roles to grant.
 *
 * @param subject the session's subject, usually the username as the account spells it
 * @param roles the roles, kept with the session; may be empty
 */
public record VerifiedAccount(String subject, Set<String> roles) {

  public VerifiedAccount {
    Objects.requireNonNull(subject, "subject");
    roles = Set.copyOf(roles);
  }
}
