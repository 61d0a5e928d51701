package io.gatehouse.web;

import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authenticator of Gatehouse sessions: the token from {@code Authorization: Bearer <token>} when that header is
 * present (the cookie is then not read), otherwise from the session cookie. Validating slides the session's idle
 * timeout: one store round trip.
 *
 * <p>A bearer token that is not in the shape of a Gatehouse session token (a JWT, say) is left undecided
 * ({@link AuthFailure#MALFORMED}), without asking the store, so that a later link of a chain can take it.
 */
public final class SessionAuthenticator implements Authenticator {

  private final SessionStore sessions;
  private final SessionCookie cookie;

  public SessionAuthenticator(SessionStore sessions, SessionCookie cookie) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
  }

  @Override
  public Authentication authenticate(HttpRequestView request) {
    List<String> authorization = request.headers("Authorization");
    if (!authorization.isEmpty()) {
      Optional<String> token = authorization.size() == 1 ? BearerToken.parse(authorization.get(0)) : Optional.empty();
      return validate(token, AuthenticationMethod.SESSION_BEARER);
    }
    Optional<String> value = cookie.read(request);
    if (value.isEmpty()) {
      return Authentication.failure(AuthFailure.NO_CREDENTIALS);
    }
    return validate(value, AuthenticationMethod.SESSION_COOKIE);
  }

  private Authentication validate(Optional<String> text, AuthenticationMethod method) {
    Optional<SessionToken> token = text.flatMap(SessionToken::parse);
    if (token.isEmpty()) {
      return Authentication.failure(AuthFailure.MALFORMED);
    }
    return sessions.validate(token.get())
        .map(session -> Authentication.success(Principal.ofSession(session, method)))
        .orElseGet(() -> Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED));
  }
}
