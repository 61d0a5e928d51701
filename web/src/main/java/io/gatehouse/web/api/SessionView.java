package io.gatehouse.web.api;

import io.gatehouse.session.Session;
import io.gatehouse.session.SessionId;
import io.gatehouse.web.Principal;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** A session as the API shows it: its public id, never its token; times in ISO-8601. */
public record SessionView(String sessionId, String subject, SortedSet<String> roles, String createdAt,
    String lastSeenAt, String expiresAt, String absoluteExpiresAt, boolean current) {

  /**
   * The view of {@code session}.
   *
   * @param current the id of the session the request used, to mark it
   */
  public static SessionView of(Session session, SessionId current) {
    return new SessionView(session.id().value(), session.subject(),
        Collections.unmodifiableSortedSet(new TreeSet<>(
            Principal.parseRoles(session.attributes().getOrDefault(Principal.ROLES_ATTRIBUTE, "")))),
        session.createdAt().toString(), session.lastSeenAt().toString(), session.expiresAt().toString(),
        session.absoluteExpiresAt().toString(), session.id().equals(current));
  }
}
