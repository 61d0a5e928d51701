package io.gatehouse.server.auth;

import io.gatehouse.session.Session;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The session a request proved it holds, and how it proved it.
 *
 * @param session the validated session
 * @param viaCookie {@code true} for the session cookie, {@code false} for an {@code Authorization: Bearer} token
 */
public record Authenticated(Session session, boolean viaCookie) {

  /** The session attribute that holds the account's roles, comma-separated, copied at login. */
  static final String ROLES = "roles";

  /** The roles the account had at login. */
  public Set<String> roles() {
    String roles = session.attributes().getOrDefault(ROLES, "");
    return roles.isEmpty() ? Set.of() : Arrays.stream(roles.split(",")).collect(Collectors.toUnmodifiableSet());
  }

  public boolean isAdmin() {
    return roles().contains(Account.ADMIN);
  }

  public String subject() {
    return session.subject();
  }
}
