package io.gatehouse.servlet;

import io.gatehouse.Gatehouse;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.Principal;
import io.gatehouse.web.SessionAuthenticator;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.RateLimitHeaders;
import io.gatehouse.web.client.ClientAddress;
import io.gatehouse.web.client.TrustedProxies;
import io.gatehouse.web.csrf.SameOriginGuard;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Servlet filter that authenticates each request with Gatehouse sessions (and any further authenticators) and
 * shows the result the Servlet way: {@link HttpServletRequest#getUserPrincipal()}, {@code getRemoteUser()},
 * {@code isUserInRole()} and {@code getAuthType()} answer from the {@link Principal}, which is also in the request
 * attribute {@value #PRINCIPAL_ATTRIBUTE}.
 *
 * <p>In order, for each request: refuses a cross-site state-changing request without an {@code Authorization}
 * header (403, {@link SameOriginGuard}); takes a permit from the API rate limit, if one is set, for the client
 * (429 with {@code Retry-After} when refused, {@code RateLimit-*} headers always); authenticates, once per request;
 * answers a request on a path that needs a login and has no principal through the {@link LoginRequiredHandler}
 * (401 JSON by default); and passes everything else on, wrapped when authenticated. Errors are JSON
 * {@code {"error": ..., "message": ...}}, as the auth endpoints answer.
 *
 * <pre>{@code
 * GatehouseFilter filter = GatehouseFilter.builder(gatehouse)
 *     .cookie(SessionCookie.create())
 *     .trustedProxies(TrustedProxies.parse("10.0.0.0/8"))
 *     .apiRateLimit(gatehouse.rateLimiter("api"))
 *     .requireLogin("/api")
 *     .build();
 * servletContext.addFilter("gatehouse", filter).addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>Map it for {@code REQUEST} dispatches, in front of everything that needs to know who is calling: each request
 * it sees costs one session-store call when it carries credentials. The application keeps the {@link Gatehouse}
 * open for as long as the filter serves, and closes it.
 */
public final class GatehouseFilter implements Filter {

  /** The request attribute that holds the {@link Principal} of an authenticated request. */
  public static final String PRINCIPAL_ATTRIBUTE = "io.gatehouse.web.Principal";

  private static final String SEEN_ATTRIBUTE = GatehouseFilter.class.getName() + ".seen";

  private final SessionStore sessions;
  private final SessionCookie cookie;
  private final Clock clock;
  private final RequestAuthenticator requests;
  private final RateLimiter apiLimiter;
  private final PathPrefixes rateLimitedPaths;
  private final PathPrefixes loginPaths;
  private final LoginRequiredHandler onLoginRequired;
  private final SameOriginGuard sameOrigin;

  private GatehouseFilter(Builder b) {
    this.sessions = b.sessions;
    this.cookie = b.cookie;
    this.clock = b.clock;
    List<Authenticator> links = new ArrayList<>();
    links.add(new SessionAuthenticator(b.sessions, b.cookie));
    links.addAll(b.links);
    this.requests = new RequestAuthenticator(Authenticator.chain(links), new ClientAddress(b.trustedProxies));
    this.apiLimiter = b.apiLimiter;
    this.rateLimitedPaths = b.rateLimitedPaths;
    this.loginPaths = b.loginPaths;
    this.sameOrigin = b.sameOrigin;
    this.onLoginRequired = b.onLoginRequired;
  }

  /** A builder on {@code gatehouse}'s session store and its clock. */
  public static Builder builder(Gatehouse gatehouse) {
    return new Builder(gatehouse.sessions(), gatehouse.sessionConfig().clock());
  }

  /** A builder on {@code sessions}, with the system clock for cookie lifetimes. */
  public static Builder builder(SessionStore sessions) {
    return new Builder(sessions, Clock.systemUTC());
  }

  /** The principal the filter found for {@code request}, if it is authenticated. */
  public static Optional<Principal> principal(HttpServletRequest request) {
    return request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof Principal principal
        ? Optional.of(principal) : Optional.empty();
  }

  /**
   * What {@code request} authenticates as, computed once per request: for an application's own controllers, with
   * {@link io.gatehouse.web.api.AuthApi#require} to get the principal or a 401.
   */
  public Authentication authenticate(HttpServletRequest request) {
    return requests.authenticate(request);
  }

  /** The rate-limit key of {@code request}'s client, behind the trusted proxies; for {@code AuthApi.login}. */
  public String clientKey(HttpServletRequest request) {
    return requests.clientKey(request);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    if (request.getAttribute(SEEN_ATTRIBUTE) != null) {
      // Dispatched again (forward, error page): the checks are done; only the wrapper may need restoring.
      chain.doFilter(wrap(request, principal(request)), response);
      return;
    }
    request.setAttribute(SEEN_ATTRIBUTE, Boolean.TRUE);
    HttpServletRequest admitted;
    try {
      admitted = admit(request, response);
    } catch (ApiError e) {
      JsonResponses.error(response, e);
      return;
    } catch (RuntimeException e) {
      JsonResponses.unexpected(request, response, e);
      return;
    }
    if (admitted != null) {
      chain.doFilter(admitted, response);
    }
  }

  /** The request to pass on, or {@code null} if it has been answered here. */
  private HttpServletRequest admit(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    requireSameOrigin(request);
    String path = PathPrefixes.pathOf(request);
    if (apiLimiter != null && rateLimitedPaths.matches(path)) {
      RateLimitDecision decision = apiLimiter.tryAcquire(requests.clientKey(request));
      if (!decision.allowed()) {
        throw RateLimitHeaders.tooManyRequests(decision, "too many requests; retry after "
            + Math.max(1, decision.retryAfterSeconds()) + " s");
      }
      RateLimitHeaders.of(decision).forEach(response::setHeader);
    }
    Optional<Principal> principal = requests.authenticate(request).authenticated();
    if (principal.isEmpty() && loginPaths.matches(path)) {
      onLoginRequired.handle(request, response);
      return null;
    }
    return wrap(request, principal);
  }

  private static HttpServletRequest wrap(HttpServletRequest request, Optional<Principal> principal) {
    return principal.<HttpServletRequest>map(p -> new AuthenticatedRequest(request, p)).orElse(request);
  }

  /**
   * Refuses, with 403, a cross-site request that changes state on the strength of the cookie alone, as the filter
   * does in front of every request: for a servlet (the auth servlet, the console's) that must refuse one even where
   * the filter is not mapped in front of it.
   *
   * @throws ApiError 403 if the same-origin guard refuses it
   */
  public void requireSameOrigin(HttpServletRequest request) {
    if (!sameOrigin.allows(ServletRequestView.of(request))) {
      throw ApiError.forbidden(SameOriginGuard.REFUSAL);
    }
  }

  SessionStore sessions() {
    return sessions;
  }

  SessionCookie cookie() {
    return cookie;
  }

  Clock clock() {
    return clock;
  }

  RequestAuthenticator requests() {
    return requests;
  }

  @Override
  public String toString() {
    return "GatehouseFilter{" + cookie + ", login required under " + loginPaths + ", API rate limit "
        + (apiLimiter == null ? "none" : apiLimiter.limit() + " under " + rateLimitedPaths) + "}";
  }

  /** Collects the filter's settings, checking each at once. */
  public static final class Builder {

    private final SessionStore sessions;
    private final Clock clock;
    private SessionCookie cookie = SessionCookie.create();
    private TrustedProxies trustedProxies = TrustedProxies.none();
    private SameOriginGuard sameOrigin = SameOriginGuard.hostHeader();
    private final List<Authenticator> links = new ArrayList<>();
    private RateLimiter apiLimiter;
    private PathPrefixes rateLimitedPaths = PathPrefixes.NONE;
    private PathPrefixes loginPaths = PathPrefixes.NONE;
    private LoginRequiredHandler onLoginRequired = LoginRequiredHandler.json();

    private Builder(SessionStore sessions, Clock clock) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The session cookie; {@link SessionCookie#create()} (Secure, {@code __Host-gatehouse_session}) if not set. */
    public Builder cookie(SessionCookie cookie) {
      this.cookie = Objects.requireNonNull(cookie, "cookie");
      return this;
    }

    /** The proxies whose {@code X-Forwarded-For} is believed; none if not set. */
    public Builder trustedProxies(TrustedProxies trustedProxies) {
      this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
      return this;
    }

    /**
     * Adds a link to the authenticator chain, asked after the session link and the links added before it, for
     * credentials they leave undecided (such as a JWT in {@code Authorization: Bearer}).
     */
    /**
     * The same-origin guard of state-changing cookie requests; {@link SameOriginGuard#hostHeader()} (Origin against
     * Host) by default. Pass {@code SameOriginGuard.publicOrigins(...)} with the site's origins to check the scheme
     * too.
     */
    public Builder sameOrigin(SameOriginGuard sameOrigin) {
      this.sameOrigin = Objects.requireNonNull(sameOrigin, "sameOrigin");
      return this;
    }

    public Builder authenticator(Authenticator link) {
      links.add(Objects.requireNonNull(link, "authenticator"));
      return this;
    }

    /** Limits every request per client with {@code limiter}, such as {@code gatehouse.rateLimiter("api")}. */
    public Builder apiRateLimit(RateLimiter limiter) {
      this.apiLimiter = Objects.requireNonNull(limiter, "limiter");
      this.rateLimitedPaths = PathPrefixes.ALL;
      return this;
    }

    /**
     * Limits requests under {@code pathPrefixes} per client with {@code limiter}.
     *
     * @param pathPrefixes paths within the application such as {@code /api}; each matches itself and the paths
     *     below it
     */
    public Builder apiRateLimit(RateLimiter limiter, String... pathPrefixes) {
      this.rateLimitedPaths = PathPrefixes.of("rate-limited path prefix", pathPrefixes);
      this.apiLimiter = Objects.requireNonNull(limiter, "limiter");
      return this;
    }

    /**
     * The paths that need a login, such as {@code /api} and {@code /admin}; each matches itself and the paths below
     * it ({@code /api} matches {@code /api/notes}, not {@code /apis}). Replaces earlier ones; none if not set. Keep
     * the login endpoint outside them, or no one can log in.
     */
    public Builder requireLogin(String... pathPrefixes) {
      this.loginPaths = PathPrefixes.of("login path prefix", pathPrefixes);
      return this;
    }

    /** What to answer when a login is required and missing; {@link LoginRequiredHandler#json()} if not set. */
    public Builder onLoginRequired(LoginRequiredHandler handler) {
      this.onLoginRequired = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public GatehouseFilter build() {
      return new GatehouseFilter(this);
    }
  }
}
