package io.gatehouse.server.auth;

import io.gatehouse.web.api.AuthApi;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A user who can log in: a name, a bcrypt hash of the password, and roles ({@code admin} may see and revoke
 * everyone's sessions). {@link #toString()} leaves the hash out.
 *
 * @param username 1 to 64 letters, digits, {@code .}, {@code _}, {@code @}, {@code +} or {@code -}
 * @param passwordHash a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$})
 * @param roles 1 to 32 letters, digits, {@code _} or {@code -} each; may be empty
 */
public record Account(String username, String passwordHash, Set<String> roles) {

  /** The role that may list and revoke any user's sessions: the one {@link AuthApi} checks. */
  public static final String ADMIN = AuthApi.ADMIN_ROLE;

  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");
  static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  public Account {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("username must be 1 to 64 letters, digits, '.', '_', '@', '+' or '-', got "
          + (username == null ? "null" : "\"" + username + "\""));
    }
    if (!BcryptPasswords.isHash(passwordHash)) {
      throw new IllegalArgumentException("password hash of \"" + username + "\" must be a bcrypt hash like "
          + "$2a$12$ followed by 53 characters (see the hash-password command)");
    }
    for (String role : Objects.requireNonNull(roles, "roles")) {
      if (role == null || !ROLE.matcher(role).matches()) {
        throw new IllegalArgumentException("roles must be 1 to 32 letters, digits, '_' or '-', got "
            + (role == null ? "null" : "\"" + role + "\""));
      }
    }
    roles = Set.copyOf(roles);
  }

  /** Whether the account has the {@value #ADMIN} role. */
  public boolean isAdmin() {
    return roles.contains(ADMIN);
  }

  @Override
  public String toString() {
    return "Account[" + username + ", roles=" + roles + "]";
  }
}
