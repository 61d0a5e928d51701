package io.gatehouse.server.auth;

import io.gatehouse.server.http.RequestIdentity;
import io.gatehouse.web.api.AuthApi;
import io.javalin.config.RoutesConfig;

/**
 * The endpoints of a logged-in user, each one call to {@link AuthApi} with the request's principal: the current
 * session, logout, my sessions, revoking one or all, and the admin listing of anyone's sessions.
 */
public final class SessionRoutes {

  private final AuthApi api;
  private final RequestIdentity requests;

  public SessionRoutes(AuthApi api, RequestIdentity requests) {
    this.api = api;
    this.requests = requests;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/auth/session", ctx ->
        ctx.json(api.current(requests.principal(ctx), RequestIdentity.response(ctx))));
    routes.post("/api/auth/logout", ctx ->
        ctx.json(api.logout(requests.principal(ctx), RequestIdentity.response(ctx))));
    routes.get("/api/auth/sessions", ctx ->
        ctx.json(api.mine(requests.principal(ctx), RequestIdentity.response(ctx))));
    routes.delete("/api/auth/sessions/{id}", ctx ->
        ctx.json(api.revoke(requests.principal(ctx), ctx.pathParam("id"), RequestIdentity.response(ctx))));
    routes.post("/api/auth/sessions/revoke-all", ctx ->
        ctx.json(api.revokeAll(requests.principal(ctx), RequestIdentity.response(ctx))));
    routes.get("/api/admin/sessions", ctx ->
        ctx.json(api.adminList(requests.principal(ctx), ctx.queryParam("subject"), RequestIdentity.response(ctx))));
  }
}
