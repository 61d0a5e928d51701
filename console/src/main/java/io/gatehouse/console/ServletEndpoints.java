package io.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.servlet.JsonBody;
import io.gatehouse.servlet.QueryParameter;
import io.gatehouse.servlet.ServletRoutes;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.Principal;
import io.gatehouse.web.api.ApiError;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The console's JSON API for {@link ConsoleServlet}: each method and path below {@code /api}, and the
 * {@link ConsoleApi} call it answers with, as the reference server's Javalin routes do below {@code /api/admin}.
 */
final class ServletEndpoints {

  /** Largest JSON body accepted, as the reference server. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  private final JsonBody body = new JsonBody(new ObjectMapper(), MAX_BODY_BYTES);
  private final ServletRoutes<Handler> routes;

  ServletEndpoints(ConsoleApi api) {
    this.routes = new ServletRoutes<Handler>()
        .add("GET", "/overview", (request, admin, id) -> api.overview())
        .add("GET", "/history", (request, admin, id) -> api.history())
        .add("GET", "/user-sessions",
            (request, admin, id) -> api.sessions(admin, QueryParameter.value(request.getQueryString(), "subject")))
        .add("POST", "/user-sessions/revoke-all", (request, admin, id) -> api.revokeAll(
            JsonBody.requiredString(body.readObject(request), "subject", SessionConfig.MAX_SUBJECT_LENGTH)))
        .add("DELETE", "/user-sessions/{id}", (request, admin, id) -> api.revoke(id))
        .add("GET", "/limits", (request, admin, id) -> api.lookUp(QueryParameter.value(request.getQueryString(), "key")))
        .add("POST", "/limits/reset", (request, admin, id) -> {
          JsonNode json = body.readObject(request);
          return api.reset(JsonBody.requiredString(json, "limiter", ConsoleApi.MAX_LIMITER_LENGTH),
              JsonBody.requiredString(json, "key", ConsoleApi.MAX_LOOKUP_LENGTH));
        })
        .add("GET", "/limits/top", (request, admin, id) -> api.top());
  }

  /**
   * The answer to {@code request} for the API path {@code path} (below {@code /api}), by {@code admin}.
   *
   * @throws ApiError 404 for no such endpoint, 405 with {@code Allow} for a method it does not accept
   */
  Object answer(HttpServletRequest request, Principal admin, String path) {
    ServletRoutes.Match<Handler> match = routes.find(request.getMethod(), path);
    return match.handler().answer(request, admin, match.id());
  }

  @FunctionalInterface
  private interface Handler {
    Object answer(HttpServletRequest request, Principal admin, String id);
  }
}
