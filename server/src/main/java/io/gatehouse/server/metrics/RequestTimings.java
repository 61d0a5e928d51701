package io.gatehouse.server.metrics;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The Javalin request logger that times every request into {@link ServerMetrics#request}, labelled by method, route
 * template and status.
 *
 * <h2>Why not {@code ctx.method()}?</h2>
 *
 * <p>Javalin's {@code ctx.method()} honours {@code X-HTTP-Method-Override}, so the first call of it in a request
 * looks that header up through Jetty's servlet request wrappers. Under {@code wrk} a JFR profile put a quarter of
 * the request threads' samples of {@code GET /api/health/live} in that one lookup, made here after the response was
 * written. The method and the route both come from the endpoint that served the request instead, which the router
 * already found; a request no route matched is labelled with its method line, if it is one of the HTTP methods, so
 * a client cannot add label values.
 */
public final class RequestTimings implements RequestLogger {

  /** The route label of a request that no route matched. */
  static final String UNMATCHED = "unmatched";
  /** The method label of an unmatched request whose method is not a standard HTTP method. */
  static final String OTHER_METHOD = "OTHER";

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
      "TRACE", "CONNECT", "QUERY");

  private final ServerMetrics metrics;

  public RequestTimings(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(Context ctx, Float executionTimeMs) {
    Endpoint endpoint = endpoint(ctx);
    String method = endpoint == null ? method(ctx.req().getMethod()) : endpoint.method.name();
    metrics.request(method, endpoint == null ? UNMATCHED : endpoint.path, ctx.statusCode(),
        Duration.ofNanos((long) (executionTimeMs * 1_000_000)));
  }

  /** The HTTP endpoint that served {@code ctx}, or {@code null} if none matched. */
  private static Endpoint endpoint(Context ctx) {
    try {
      return ctx.endpoints().lastHttpEndpoint();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String method(String requestLine) {
    String method = requestLine == null ? "" : requestLine.toUpperCase(Locale.ROOT);
    return METHODS.contains(method) ? method : OTHER_METHOD;
  }
}
