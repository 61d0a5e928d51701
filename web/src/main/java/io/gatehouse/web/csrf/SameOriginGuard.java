package io.gatehouse.web.csrf;

import io.gatehouse.web.HttpRequestView;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state-changing requests that a browser marks as coming from another site, so the session cookie cannot be
 * used for cross-site request forgery.
 *
 * <p>Applies to {@code POST}, {@code PUT}, {@code PATCH} and {@code DELETE} without an {@code Authorization} header
 * (a bearer token is never sent by a browser on its own, so bearer requests are exempt). The check follows OWASP's
 * "verify origin with standard headers": {@code Sec-Fetch-Site}, when present, must be {@code same-origin} or
 * {@code none}. With {@linkplain #publicOrigins public origins} configured, an {@code Origin} header, when present,
 * must equal one of them in scheme, host and port, so a page served over plain HTTP cannot post to the HTTPS site.
 * Without them ({@link #hostHeader()}), the fallback rule applies: when {@code Sec-Fetch-Site} is absent, an
 * {@code Origin} must name the same host and port as the {@code Host} header (the scheme cannot be checked, since a
 * TLS-terminating proxy hides it). A request with neither header does not come from a modern browser's cross-site
 * context (curl, scripts) and passes. {@code SameSite=Lax} on the cookie is a second, independent line of defence.
 */
public final class SameOriginGuard {

  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> ALLOWED_FETCH_SITES = Set.of("same-origin", "none");

  /** What an adapter answers, with 403, to a request this guard refuses. */
  public static final String REFUSAL = "cross-site request refused: a cookie-authenticated request that changes "
      + "state must come from this site's own pages (or use an Authorization: Bearer token)";

  private final Set<Origin> origins;

  private SameOriginGuard(Set<Origin> origins) {
    this.origins = Set.copyOf(origins);
  }

  /** The fallback rule: {@code Origin} compared with the {@code Host} header, by host and port. */
  public static SameOriginGuard hostHeader() {
    return new SameOriginGuard(Set.of());
  }

  /**
   * Compares {@code Origin} with the site's public origins, by scheme, host and port.
   *
   * @param origins where the site's pages are served from, such as {@code https://gate.example}; empty means
   *     {@link #hostHeader()}
   */
  public static SameOriginGuard publicOrigins(Collection<Origin> origins) {
    return new SameOriginGuard(new LinkedHashSet<>(origins));
  }

  /** The configured public origins; empty for the fallback rule. */
  public Set<Origin> origins() {
    return origins;
  }

  /**
   * Whether {@code request} may proceed: {@code false} only for a cross-site, state-changing request without an
   * {@code Authorization} header, which the adapter answers with 403 and {@link #REFUSAL}.
   */
  public boolean allows(HttpRequestView request) {
    if (!STATE_CHANGING.contains(request.method().toUpperCase(Locale.ROOT))
        || !request.headers("Authorization").isEmpty()) {
      return true;
    }
    String fetchSite = request.header("Sec-Fetch-Site").orElse(null);
    if (fetchSite != null && !ALLOWED_FETCH_SITES.contains(fetchSite.trim().toLowerCase(Locale.ROOT))) {
      return false;
    }
    String origin = request.header("Origin").orElse(null);
    if (origin == null) {
      return true;
    }
    if (!origins.isEmpty()) {
      return Origin.read(origin).map(origins::contains).orElse(false);
    }
    return fetchSite != null || sameAuthority(origin, request.header("Host").orElse(null));
  }

  @Override
  public String toString() {
    return origins.isEmpty() ? "SameOriginGuard{Origin against Host}" : "SameOriginGuard{" + origins + "}";
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
}
