package io.gatehouse.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.console.Console;
import io.gatehouse.console.ConsoleApi;
import io.gatehouse.console.ConsolePages;
import io.gatehouse.console.ConsoleServlet;
import io.gatehouse.server.http.RequestIdentity;
import io.gatehouse.servlet.JsonBody;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.Principal;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.AuthApi;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The console's HTTP surface in the reference server, a Javalin adapter over the {@code gatehouse-console} module
 * (whose {@link ConsoleServlet} is the same surface for a Servlet application): the page at {@code /admin}, its
 * assets, and the JSON endpoints under
 * {@code /api/admin/*} that the page calls. Every endpoint needs the {@value AuthApi#ADMIN_ROLE} role (401 without a
 * session, 403 without the role) and answers {@code Cache-Control: no-store}; the same-origin guard on
 * {@code /api/*} refuses cross-site state changes before any of them runs.
 *
 * <ul>
 *   <li>{@code GET /api/admin/overview}, {@code GET /api/admin/history}: this instance now, and its last hour;
 *   <li>{@code GET /api/admin/user-sessions?subject=}, {@code DELETE /api/admin/user-sessions/{id}},
 *       {@code POST /api/admin/user-sessions/revoke-all} with {@code {"subject": ...}};
 *   <li>{@code GET /api/admin/limits?key=}, {@code POST /api/admin/limits/reset} with
 *       {@code {"limiter": ..., "key": ...}}, {@code GET /api/admin/limits/top}.
 * </ul>
 */
public final class ConsoleRoutes {

  /** Where the page and its files are, and the JSON API and session endpoints they call. */
  static final ConsolePages.Mount MOUNT = new ConsolePages.Mount("/admin/assets", "/api/admin", "/api/auth");

  private final ConsoleApi api;
  private final ConsolePages pages;
  private final RequestIdentity requests;
  private final JsonBody body;

  /** The routes of {@code console}, whose callers {@code requests} authenticates. */
  public ConsoleRoutes(Console console, RequestIdentity requests, JsonBody body) {
    this.api = console.api();
    this.pages = console.pages();
    this.requests = requests;
    this.body = body;
  }

  /** Registers the page, its assets and the {@code /api/admin/*} endpoints. */
  public void register(RoutesConfig routes) {
    routes.get("/admin", this::page);
    routes.get("/admin/assets/{name}", this::asset);
    routes.before("/api/admin/*", ctx -> {
      ctx.header("Cache-Control", "no-store");
      admin(ctx);
    });
    routes.get("/api/admin/overview", ctx -> ctx.json(api.overview()));
    routes.get("/api/admin/history", ctx -> ctx.json(api.history()));
    routes.get("/api/admin/user-sessions", ctx -> ctx.json(api.sessions(admin(ctx), ctx.queryParam("subject"))));
    routes.delete("/api/admin/user-sessions/{id}", ctx -> ctx.json(api.revoke(ctx.pathParam("id"))));
    routes.post("/api/admin/user-sessions/revoke-all", ctx -> ctx.json(api.revokeAll(
        JsonBody.requiredString(body.readObject(ctx.req()), "subject", SessionConfig.MAX_SUBJECT_LENGTH))));
    routes.get("/api/admin/limits", ctx -> ctx.json(api.lookUp(ctx.queryParam("key"))));
    routes.post("/api/admin/limits/reset", ctx -> {
      JsonNode request = body.readObject(ctx.req());
      ctx.json(api.reset(JsonBody.requiredString(request, "limiter", ConsoleApi.MAX_LIMITER_LENGTH),
          JsonBody.requiredString(request, "key", ConsoleApi.MAX_LOOKUP_LENGTH)));
    });
    routes.get("/api/admin/limits/top", ctx -> ctx.json(api.top()));
  }

  /** Sign-in for a visitor, the console for an admin, a 403 page for anyone else. */
  private void page(Context ctx) {
    pageHeaders(ctx);
    Optional<Principal> principal = requests.authentication(ctx).authenticated();
    if (principal.isEmpty()) {
      ctx.html(pages.signIn(MOUNT));
    } else if (!principal.get().hasRole(AuthApi.ADMIN_ROLE)) {
      ctx.status(403).html(pages.forbidden(principal.get().subject(), MOUNT));
    } else {
      ctx.html(pages.console(principal.get().subject(), MOUNT));
    }
  }

  private void asset(Context ctx) {
    ConsolePages.Asset asset = pages.asset(ctx.pathParam("name"))
        .orElseThrow(() -> ApiError.notFound("no such file"));
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(asset.contentType()).result(asset.bytes());
  }

  private static void pageHeaders(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Content-Security-Policy", ConsoleServlet.CONTENT_SECURITY_POLICY);
    ctx.header("Referrer-Policy", "no-referrer");
  }

  private Principal admin(Context ctx) {
    Principal principal = requests.principal(ctx);
    if (!principal.hasRole(AuthApi.ADMIN_ROLE)) {
      throw ApiError.forbidden("this endpoint needs the admin role");
    }
    return principal;
  }
}
