package io.gatehouse.server.auth;

import io.gatehouse.server.http.ApiError;
import io.gatehouse.session.SessionStore;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the session a request holds: from {@code Authorization: Bearer <token>} if that header is present (the cookie
 * is then ignored), otherwise from the session cookie. Validating slides the session's idle timeout.
 */
public final class Authenticator {

  private static final String ATTRIBUTE = Authenticator.class.getName();

  private final SessionStore sessions;
  private final SessionCookie cookie;

  public Authenticator(SessionStore sessions, SessionCookie cookie) {
    this.sessions = sessions;
    this.cookie = cookie;
  }

  /** The request's session, or a 401 {@link ApiError} with one generic message. */
  public Authenticated require(Context ctx) {
    return authenticate(ctx).orElseThrow(() -> ApiError.unauthorized("no valid session: log in first"));
  }

  /** The request's session, validated once per request. */
  Optional<Authenticated> authenticate(Context ctx) {
    Authenticated cached = ctx.attribute(ATTRIBUTE);
    if (cached != null) {
      return Optional.of(cached);
    }
    String authorization = ctx.header("Authorization");
    Optional<Authenticated> found;
    if (authorization != null) {
      found = bearer(authorization).flatMap(sessions::validate).map(s -> new Authenticated(s, false));
    } else {
      found = cookie.read(ctx).flatMap(sessions::validate).map(s -> new Authenticated(s, true));
    }
    found.ifPresent(a -> ctx.attribute(ATTRIBUTE, a));
    return found;
  }

  private static Optional<String> bearer(String header) {
    String trimmed = header.trim();
    if (trimmed.length() > 7 && trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return Optional.of(trimmed.substring(7).trim());
    }
    return Optional.empty();
  }
}
