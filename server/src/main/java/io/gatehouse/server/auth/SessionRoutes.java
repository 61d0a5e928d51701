package io.gatehouse.server.auth;

import io.gatehouse.server.http.ApiError;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The endpoints of a logged-in user: the current session, logout, my sessions, revoking one or all, and the admin
 * listing of anyone's sessions. A session id that is not the caller's is answered as unknown (404), so ids cannot be
 * probed; admins may revoke any.
 */
public final class SessionRoutes {

  private final SessionStore sessions;
  private final Authenticator authenticator;
  private final SessionCookie cookie;

  public SessionRoutes(SessionStore sessions, Authenticator authenticator, SessionCookie cookie) {
    this.sessions = sessions;
    this.authenticator = authenticator;
    this.cookie = cookie;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/auth/session", this::current);
    routes.post("/api/auth/logout", this::logout);
    routes.get("/api/auth/sessions", this::mine);
    routes.delete("/api/auth/sessions/{id}", this::revoke);
    routes.post("/api/auth/sessions/revoke-all", this::revokeAll);
    routes.get("/api/admin/sessions", this::adminList);
  }

  void current(Context ctx) {
    Authenticated auth = authenticator.require(ctx);
    ctx.json(SessionView.of(auth.session(), auth.session().id()));
  }

  void logout(Context ctx) {
    Authenticated auth = authenticator.require(ctx);
    sessions.revoke(auth.session().id());
    if (auth.viaCookie()) {
      cookie.clear(ctx);
    }
    ctx.json(Map.of("loggedOut", true));
  }

  void mine(Context ctx) {
    Authenticated auth = authenticator.require(ctx);
    ctx.json(Map.of("sessions", views(sessions.list(auth.subject()), auth.session().id())));
  }

  void revoke(Context ctx) {
    Authenticated auth = authenticator.require(ctx);
    Optional<SessionId> id = SessionId.parse(ctx.pathParam("id"));
    if (id.isEmpty() || (!id.get().belongsTo(auth.subject()) && !auth.isAdmin()) || !sessions.revoke(id.get())) {
      throw ApiError.notFound("no such session");
    }
    if (id.get().equals(auth.session().id()) && auth.viaCookie()) {
      cookie.clear(ctx);
    }
    ctx.json(Map.of("revoked", true, "sessionId", id.get().value()));
  }

  void revokeAll(Context ctx) {
    Authenticated auth = authenticator.require(ctx);
    int revoked = sessions.revokeAll(auth.subject());
    if (auth.viaCookie()) {
      cookie.clear(ctx);
    }
    ctx.json(Map.of("revoked", revoked));
  }

  void adminList(Context ctx) {
    Authenticated auth = authenticator.require(ctx);
    if (!auth.isAdmin()) {
      throw ApiError.forbidden("this endpoint needs the admin role");
    }
    String subject = ctx.queryParam("subject");
    if (subject == null || subject.isBlank()) {
      throw ApiError.badRequest("subject is required: /api/admin/sessions?subject=<username>");
    }
    if (subject.length() > io.gatehouse.session.SessionConfig.MAX_SUBJECT_LENGTH) {
      throw ApiError.badRequest("subject must be at most " + io.gatehouse.session.SessionConfig.MAX_SUBJECT_LENGTH
          + " characters");
    }
    ctx.json(Map.of("subject", subject, "sessions", views(sessions.list(subject), auth.session().id())));
  }

  private static List<SessionView> views(List<Session> list, SessionId current) {
    return list.stream().map(s -> SessionView.of(s, current)).toList();
  }

  /** A session as the API shows it: no token, times in ISO-8601. */
  record SessionView(String sessionId, String subject, java.util.Set<String> roles, String createdAt,
      String lastSeenAt, String expiresAt, String absoluteExpiresAt, boolean current) {

    static SessionView of(Session s, SessionId current) {
      String roles = s.attributes().getOrDefault(Authenticated.ROLES, "");
      return new SessionView(s.id().value(), s.subject(),
          roles.isEmpty() ? java.util.Set.of() : new TreeSet<>(List.of(roles.split(","))),
          s.createdAt().toString(), s.lastSeenAt().toString(), s.expiresAt().toString(),
          s.absoluteExpiresAt().toString(), s.id().equals(current));
    }
  }
}
