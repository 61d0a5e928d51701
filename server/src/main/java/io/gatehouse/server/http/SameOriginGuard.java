package io.gatehouse.server.http;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state-changing requests that a browser marks as coming from another site, so the session cookie cannot be
 * used for cross-site request forgery.
 *
 * <p>Applies to {@code POST}, {@code PUT}, {@code PATCH} and {@code DELETE} without an {@code Authorization} header
 * (a bearer token is never sent by a browser on its own, so bearer requests are exempt). The check follows OWASP's
 * "verify origin with standard headers": {@code Sec-Fetch-Site} must be {@code same-origin} or {@code none} when
 * present; otherwise {@code Origin}, when present, must name the same host and port as the {@code Host} header.
 * A request with neither header does not come from a modern browser's cross-site context (curl, scripts) and
 * passes. {@code SameSite=Lax} on the cookie is a second, independent line of defence.
 */
public final class SameOriginGuard {

  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> ALLOWED_FETCH_SITES = Set.of("same-origin", "none");

  private SameOriginGuard() {}

  /**
   * Throws a 403 {@link ApiError} if {@code ctx} is a cross-site, state-changing, non-bearer request.
   */
  public static void check(Context ctx) {
    if (!STATE_CHANGING.contains(ctx.req().getMethod().toUpperCase(Locale.ROOT))
        || ctx.header("Authorization") != null) {
      return;
    }
    String fetchSite = ctx.header("Sec-Fetch-Site");
    if (fetchSite != null) {
      if (!ALLOWED_FETCH_SITES.contains(fetchSite.trim().toLowerCase(Locale.ROOT))) {
        throw refused();
      }
      return;
    }
    String origin = ctx.header("Origin");
    if (origin != null && !sameAuthority(origin, ctx.header("Host"))) {
      throw refused();
    }
  }

  static boolean sameAuthority(String origin, String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(origin.trim());
      if (uri.getHost() == null || uri.getScheme() == null) {
        return false;
      }
      int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
      int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
      URI hostUri = new URI("http://" + host.trim());
      if (hostUri.getHost() == null) {
        return false;
      }
      int hostPort = hostUri.getPort() < 0 ? defaultPort : hostUri.getPort();
      return uri.getHost().equalsIgnoreCase(hostUri.getHost()) && originPort == hostPort;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static ApiError refused() {
    return ApiError.forbidden("cross-site request refused: a cookie-authenticated request that changes state must "
        + "come from this site's own pages (or use an Authorization: Bearer token)");
  }
}
