package io.gatehouse.session;

import java.util.Objects;

/**
 * A session just created, with the token to hand to the client. This is the only time the token is available:
 * stores keep only its hash.
 *
 * @param token the secret to give the client (a cookie or a bearer token); never log it
 * @param session the session
 */
public record CreatedSession(SessionToken token, Session session) {

  public CreatedSession {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(session, "session");
  }
}
