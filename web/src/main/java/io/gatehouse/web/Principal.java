package io.gatehouse.web;

import io.gatehouse.session.Session;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who a request is: a subject, its roles, how it authenticated, and the Gatehouse session when it used one.
 *
 * @param subject who the request is for, such as a username; never empty
 * @param roles the subject's roles; may be empty
 * @param method how the request authenticated
 * @param session the validated session, for session credentials; empty for credentials that have none
 */
public record Principal(String subject, Set<String> roles, AuthenticationMethod method, Optional<Session> session) {

  /** The session attribute holding the roles granted at login, comma-separated. */
  public static final String ROLES_ATTRIBUTE = "roles";

  public Principal {
    Objects.requireNonNull(subject, "subject");
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("subject must not be empty");
    }
    roles = Set.copyOf(roles);
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(session, "session");
  }

  /** The principal of a validated session: its subject, and the roles stored in {@value #ROLES_ATTRIBUTE}. */
  public static Principal ofSession(Session session, AuthenticationMethod method) {
    return new Principal(session.subject(), parseRoles(session.attributes().getOrDefault(ROLES_ATTRIBUTE, "")),
        method, Optional.of(session));
  }

  /**
   * The roles as stored in a session attribute: sorted, comma-separated.
   *
   * @throws IllegalArgumentException for an empty role or one holding a comma, which {@link #parseRoles} would drop
   *     or split into other roles
   */
  public static String formatRoles(Set<String> roles) {
    for (String role : roles) {
      if (role.isEmpty() || role.indexOf(',') >= 0) {
        throw new IllegalArgumentException("a role must be non-empty and hold no ',' (roles are stored "
            + "comma-separated), got \"" + role + "\"");
      }
    }
    return String.join(",", new TreeSet<>(roles));
  }

  /** The roles stored in a session attribute by {@link #formatRoles}. */
  public static Set<String> parseRoles(String roles) {
    return roles.isEmpty() ? Set.of()
        : Arrays.stream(roles.split(",")).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
