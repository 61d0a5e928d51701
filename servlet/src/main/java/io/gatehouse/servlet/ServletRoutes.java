package io.gatehouse.servlet;

import io.gatehouse.web.api.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A servlet's endpoints: each a method and a path, whose last segment may be an {@code {id}}, with the handler that
 * answers it. {@link #find} picks the handler for a request, or says 404 (no such path) or 405 (with
 * {@code Allow}). Used by {@link GatehouseAuthServlet} and the console's servlet, each with its own handler type.
 *
 * <pre>{@code
 * ServletRoutes<Handler> routes = new ServletRoutes<Handler>()
 *     .add("GET", "/sessions", this::mine)
 *     .add("DELETE", "/sessions/{id}", this::revoke);
 * ServletRoutes.Match<Handler> match = routes.find(request.getMethod(), path);
 * }</pre>
 *
 * @param <H> the handler type
 */
public final class ServletRoutes<H> {

  private final List<Route<H>> routes = new ArrayList<>();

  /** Adds an endpoint; {@code path} starts with {@code /} and may end with {@code /{id}}. */
  public ServletRoutes<H> add(String method, String path, H handler) {
    routes.add(new Route<>(Objects.requireNonNull(method, "method"), Objects.requireNonNull(path, "path"),
        Objects.requireNonNull(handler, "handler")));
    return this;
  }

  /**
   * The endpoint for {@code method} on {@code path} (a trailing {@code /} ignored), with the id its path named, or
   * {@code ""} for a path without one.
   *
   * @throws ApiError 404 for no such path, 405 with {@code Allow} for a path that does not accept {@code method}
   */
  public Match<H> find(String method, String path) {
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    List<String> allowed = new ArrayList<>();
    for (Route<H> route : routes) {
      String id = route.match(trimmed);
      if (id != null && route.method().equals(method)) {
        return new Match<>(route.handler(), id);
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

  /** The handler found for a request, and the id its path named ({@code ""} for none). */
  public record Match<H>(H handler, String id) {}

  private record Route<H>(String method, String path, H handler) {

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
}
