package io.gatehouse.server.oidc;

import io.gatehouse.oidc.login.OidcLogin;
import io.gatehouse.server.http.RequestIdentity;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser login's endpoints, each one call to {@link OidcLogin}:
 * <ul>
 *   <li>{@code GET /api/auth/oidc/login}: 302 to the provider's authorization endpoint;
 *   <li>{@code GET /api/auth/oidc/callback}: the provider's redirect back; sets the session cookie and 302s to the
 *       post-login path;
 *   <li>{@code POST /api/auth/oidc/logout}: ends the session and 303s to the provider's end-session endpoint;
 *   <li>{@code POST /api/auth/oidc/backchannel-logout}: the provider's logout notice, form field {@code logout_token};
 *       200 or 400, {@code Cache-Control: no-store}.
 * </ul>
 * Errors are the {@link io.gatehouse.web.api.ApiError}s the login throws, answered like every other.
 */
public final class OidcLoginRoutes {

  private final OidcLogin login;

  public OidcLoginRoutes(OidcLogin login) {
    this.login = login;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/auth/oidc/login", ctx -> redirect(ctx, HttpStatus.FOUND,
        login.start(RequestIdentity.response(ctx))));
    routes.get("/api/auth/oidc/callback", ctx -> redirect(ctx, HttpStatus.FOUND,
        login.callback(RequestIdentity.request(ctx), firstValues(ctx.queryParamMap()), RequestIdentity.response(ctx))));
    routes.post("/api/auth/oidc/logout", ctx -> redirect(ctx, HttpStatus.SEE_OTHER,
        login.logout().logout(RequestIdentity.request(ctx), RequestIdentity.response(ctx))));
    routes.post("/api/auth/oidc/backchannel-logout", ctx -> {
      login.backChannelLogout().handle(ctx.formParam("logout_token"), RequestIdentity.response(ctx));
      ctx.status(HttpStatus.OK);
    });
  }

  private static void redirect(Context ctx, HttpStatus status, URI location) {
    ctx.header("Location", location.toString());
    ctx.status(status);
  }

  /** Each parameter's first value: a second {@code state} or {@code code} is ignored, never concatenated. */
  private static Map<String, String> firstValues(Map<String, List<String>> parameters) {
    Map<String, String> first = new LinkedHashMap<>();
    parameters.forEach((name, values) -> {
      if (!values.isEmpty()) {
        first.put(name, values.get(0));
      }
    });
    return first;
  }
}
