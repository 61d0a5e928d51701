package io.gatehouse.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.server.http.RequestIdentity;
import io.gatehouse.servlet.JsonBody;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.AuthApi;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Consumer;

/**
 * {@code POST /api/auth/login}: reads the JSON body and hands it to {@link AuthApi#login}, which checks the login
 * limits (reading the device cookie), verifies the password, creates a session (keeping the client address and
 * {@code User-Agent} for the console), sets the session and device cookies and returns the token for API clients.
 */
public final class AuthRoutes {

  private final AuthApi api;
  private final RequestIdentity requests;
  private final JsonBody body;
  private final Consumer<String> limited;

  /**
   * Creates the login route.
   *
   * @param limited told the username of a login that a limit refused, so the console can name its hashed key
   */
  public AuthRoutes(AuthApi api, RequestIdentity requests, JsonBody body, Consumer<String> limited) {
    this.api = api;
    this.requests = requests;
    this.body = body;
    this.limited = limited;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/auth/login", this::login);
  }

  void login(Context ctx) {
    JsonNode request = body.readObject(ctx.req());
    String username = JsonBody.requiredString(request, "username", SessionConfig.MAX_SUBJECT_LENGTH);
    String password = JsonBody.requiredString(request, "password", AuthApi.MAX_PASSWORD_LENGTH);
    try {
      ctx.json(api.login(RequestIdentity.request(ctx), requests.clientKey(ctx), username, password,
          AuthApi.loginAttributes(requests.client(ctx), ctx.header("User-Agent")), RequestIdentity.response(ctx)));
    } catch (ApiError e) {
      if (e.status() == 429) {
        limited.accept(username);
      }
      throw e;
    }
  }
}
