package io.gatehouse.web.api;

import io.gatehouse.session.Session;
import io.gatehouse.session.SessionId;
import io.gatehouse.web.Principal;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A session as the API shows it: its public id, never its token; times in ISO-8601. The roles are those the session
 * acts with: for the caller's own sessions the principal's (current, when an {@link io.gatehouse.web.AccountCheck}
 * is used), in the admin listing of another subject those granted at login.
 */
public record SessionView(String sessionId, String subject, SortedSet<String> roles, String createdAt,
    String lastSeenAt, String expiresAt, String absoluteExpiresAt, boolean current) {

  /**
   * The view of {@code session}.
   *
   * @param current the id of the session the request used, to mark it
   */
  public static SessionView of(Session session, SessionId current) {
    return of(session, current, Principal.parseRoles(session.attributes().getOrDefault(Principal.ROLES_ATTRIBUTE, "")));
  }

  /** The view of {@code session}, showing {@code roles} (the roles it acts with now) instead of those of login. */
  public static SessionView of(Session session, SessionId current, Set<String> roles) {
    return new SessionView(session.id().value(), session.subject(),
        Collections.unmodifiableSortedSet(new TreeSet<>(roles)), session.createdAt().toString(),
        session.lastSeenAt().toString(), session.expiresAt().toString(), session.absoluteExpiresAt().toString(),
        session.id().equals(current));
  }
}
