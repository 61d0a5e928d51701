package io.gatehouse.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.server.http.RequestIdentity;
import io.gatehouse.servlet.JsonBody;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.api.AuthApi;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code POST /api/auth/login}: reads the JSON body and hands it to {@link AuthApi#login}, which checks the login
 * limits (reading the device cookie), verifies the password, creates a session, sets the session and device cookies
 * and returns the token for API clients.
 */
public final class AuthRoutes {

  private final AuthApi api;
  private final RequestIdentity requests;
  private final JsonBody body;

  public AuthRoutes(AuthApi api, RequestIdentity requests, JsonBody body) {
    this.api = api;
    this.requests = requests;
    this.body = body;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/auth/login", this::login);
  }

  void login(Context ctx) {
    JsonNode request = body.readObject(ctx.req());
    String username = JsonBody.requiredString(request, "username", SessionConfig.MAX_SUBJECT_LENGTH);
    String password = JsonBody.requiredString(request, "password", AuthApi.MAX_PASSWORD_LENGTH);
    ctx.json(api.login(RequestIdentity.request(ctx), requests.clientKey(ctx), username, password,
        RequestIdentity.response(ctx)));
  }
}
