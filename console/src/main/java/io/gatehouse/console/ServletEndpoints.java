package io.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.servlet.JsonBody;
import io.gatehouse.servlet.QueryParameter;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.Principal;
import io.gatehouse.web.api.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's JSON API for {@link ConsoleServlet}: each method and path below {@code /api}, and the
 * {@link ConsoleApi} call it answers with, as the reference server's Javalin routes do below {@code /api/admin}.
 */
final class ServletEndpoints {

  /** Largest JSON body accepted, as the reference server. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  private final JsonBody body = new JsonBody(new ObjectMapper(), MAX_BODY_BYTES);
  private final List<Route> routes;

  ServletEndpoints(ConsoleApi api) {
    this.routes = List.of(
        new Route("GET", "/overview", (request, admin, id) -> api.overview()),
        new Route("GET", "/history", (request, admin, id) -> api.history()),
        new Route("GET", "/user-sessions",
            (request, admin, id) -> api.sessions(admin, QueryParameter.value(request.getQueryString(), "subject"))),
        new Route("POST", "/user-sessions/revoke-all", (request, admin, id) -> api.revokeAll(
            JsonBody.requiredString(body.readObject(request), "subject", SessionConfig.MAX_SUBJECT_LENGTH))),
        new Route("DELETE", "/user-sessions/{id}", (request, admin, id) -> api.revoke(id)),
        new Route("GET", "/limits", (request, admin, id) -> api.lookUp(QueryParameter.value(request.getQueryString(), "key"))),
        new Route("POST", "/limits/reset", (request, admin, id) -> {
          JsonNode json = body.readObject(request);
          return api.reset(JsonBody.requiredString(json, "limiter", ConsoleApi.MAX_LIMITER_LENGTH),
              JsonBody.requiredString(json, "key", ConsoleApi.MAX_LOOKUP_LENGTH));
        }),
        new Route("GET", "/limits/top", (request, admin, id) -> api.top()));
  }

  /**
   * The answer to {@code request} for the API path {@code path} (below {@code /api}), by {@code admin}.
   *
   * @throws ApiError 404 for no such endpoint, 405 with {@code Allow} for a method it does not accept
   */
  Object answer(HttpServletRequest request, Principal admin, String path) {
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    List<String> allowed = new ArrayList<>();
    for (Route route : routes) {
      String id = route.match(trimmed);
      if (id != null && route.method().equals(request.getMethod())) {
        return route.handler().answer(request, admin, id);
      }
      if (id != null) {
        allowed.add(route.method());
      }
    }
    if (allowed.isEmpty()) {
      throw ApiError.notFound("no such endpoint");
    }
    throw new ApiError(405, "method_not_allowed", "this endpoint does not accept this method",
        Map.of("Allow", String.join(", ", allowed)));
  }

  /** One endpoint: a method and a path below {@code /api}, whose last segment may be an {@code {id}}. */
  private record Route(String method, String path, Handler handler) {

    /** The id (or {@code ""} for a path without one) if {@code requested} is this route's path, else null. */
    String match(String requested) {
      if (!path.endsWith("/{id}")) {
        return requested.equals(path) ? "" : null;
      }
      String base = path.substring(0, path.length() - "{id}".length());
      String id = requested.startsWith(base) ? requested.substring(base.length()) : "";
      return id.isEmpty() || id.contains("/") ? null : id;
    }
  }

  @FunctionalInterface
  private interface Handler {
    Object answer(HttpServletRequest request, Principal admin, String id);
  }
}
