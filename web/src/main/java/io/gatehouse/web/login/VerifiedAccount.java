package io.gatehouse.web.login;

import java.util.Objects;
import java.util.Set;

/**
 * An account whose password was just checked: the session's subject, the roles to grant, and the account's version.
 *
 * @param subject the session's subject, usually the username as the account spells it
 * @param roles the roles, kept with the session; may be empty
 * @param version what changes when the account's sessions must end (a hash of the password hash, a security stamp),
 *     stored with the session and compared by {@link io.gatehouse.web.AccountCheck} on each request; {@code ""} if
 *     the application does not follow accounts
 */
public record VerifiedAccount(String subject, Set<String> roles, String version) {

  public VerifiedAccount {
    Objects.requireNonNull(subject, "subject");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(version, "version");
  }

  /** An account without a version: its sessions end only by timeout or revocation. */
  public VerifiedAccount(String subject, Set<String> roles) {
    this(subject, roles, "");
  }
}
