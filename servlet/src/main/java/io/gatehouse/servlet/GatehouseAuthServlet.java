package io.gatehouse.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.Principal;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.AuthApi;
import io.gatehouse.web.login.CredentialVerifier;
import io.gatehouse.web.login.LoginLimiter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

/**
 * The session endpoints as a servlet, to mount at a path such as {@code /auth/*}. Below it:
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code POST /login}</td><td>JSON {@code {"username", "password"}}: sets the session cookie and returns
 *       the token; 401 for bad credentials, 429 with {@code Retry-After} when the login limits are reached</td></tr>
 *   <tr><td>{@code GET /session}</td><td>the session the request used</td></tr>
 *   <tr><td>{@code POST /logout}</td><td>revokes it, and clears the cookie if it came in one</td></tr>
 *   <tr><td>{@code GET /sessions}</td><td>the caller's sessions</td></tr>
 *   <tr><td>{@code DELETE /sessions/{id}}</td><td>revokes one of them (any, for an admin)</td></tr>
 *   <tr><td>{@code POST /sessions/revoke-all}</td><td>revokes all of them, on every instance</td></tr>
 *   <tr><td>{@code GET /admin/sessions?subject=}</td><td>anyone's sessions, for the {@code admin} role</td></tr>
 * </table>
 *
 * <p>The answers, status codes and JSON are those of {@link AuthApi}, shared with the reference server; errors are
 * {@code {"error": ..., "message": ...}}, and an unexpected exception is a 500 with an incident id, logged once.
 * The servlet shares its {@link GatehouseFilter}'s cookie, trusted proxies and authenticators, and the per-request
 * authentication when the filter is mapped in front of it; it applies the same-origin guard itself either way.
 * An application's own controller can instead call {@link #api()} with {@link GatehouseFilter#authenticate}.
 *
 * <pre>{@code
 * GatehouseAuthServlet auth = GatehouseAuthServlet.builder(filter)
 *     .credentials(accounts::verify)
 *     .loginLimits(gatehouse.rateLimiter("login-ip"), gatehouse.rateLimiter("login-user"))
 *     .build();
 * servletContext.addServlet("auth", auth).addMapping("/auth/*");
 * }</pre>
 */
public final class GatehouseAuthServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Largest login body accepted by default, as the reference server. */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
  static final int MIN_MAX_BODY_BYTES = 8 * 1024;
  static final int MAX_MAX_BODY_BYTES = 1024 * 1024;

  private final transient AuthApi api;
  private final transient RequestAuthenticator requests;
  private final transient GatehouseFilter filter;
  private final transient JsonBody body;
  private final transient ServletRoutes<Handler> routes;

  private GatehouseAuthServlet(Builder b) {
    this.api = new AuthApi(b.filter.sessions(), b.loginLimiter, b.credentials, b.filter.cookie(), b.clock);
    this.requests = b.filter.requests();
    this.filter = b.filter;
    this.body = new JsonBody(JsonResponses.MAPPER, b.maxBodyBytes);
    this.routes = new ServletRoutes<Handler>()
        .add("POST", "/login", (request, response, id) -> login(request, response))
        .add("GET", "/session",
            (request, response, id) -> api.current(principal(request), ServletResponseView.of(response)))
        .add("POST", "/logout",
            (request, response, id) -> api.logout(principal(request), ServletResponseView.of(response)))
        .add("GET", "/sessions",
            (request, response, id) -> api.mine(principal(request), ServletResponseView.of(response)))
        .add("POST", "/sessions/revoke-all",
            (request, response, id) -> api.revokeAll(principal(request), ServletResponseView.of(response)))
        .add("DELETE", "/sessions/{id}",
            (request, response, id) -> api.revoke(principal(request), id, ServletResponseView.of(response)))
        .add("GET", "/admin/sessions",
            (request, response, id) -> api.adminList(principal(request),
                QueryParameter.value(request.getQueryString(), "subject"), ServletResponseView.of(response)));
  }

  /** A builder sharing {@code filter}'s session store, cookie, trusted proxies and authenticators. */
  public static Builder builder(GatehouseFilter filter) {
    return new Builder(filter);
  }

  /** The answers behind the endpoints, for an application's own controllers. */
  public AuthApi api() {
    return api;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try {
      filter.requireSameOrigin(request);
      Object answer = route(request, response);
      JsonResponses.write(response, HttpServletResponse.SC_OK, answer);
    } catch (ApiError e) {
      JsonResponses.error(response, e);
    } catch (RuntimeException e) {
      JsonResponses.unexpected(request, response, e);
    }
  }

  private Object route(HttpServletRequest request, HttpServletResponse response) {
    ServletRoutes.Match<Handler> match = routes.find(request.getMethod(),
        request.getPathInfo() == null ? "/" : request.getPathInfo());
    return match.handler().answer(request, response, match.id());
  }

  private Object login(HttpServletRequest request, HttpServletResponse response) {
    JsonNode json = body.readObject(request);
    String username = JsonBody.requiredString(json, "username", SessionConfig.MAX_SUBJECT_LENGTH);
    String password = JsonBody.requiredString(json, "password", AuthApi.MAX_PASSWORD_LENGTH);
    return api.login(ServletRequestView.of(request), requests.clientKey(request), username, password,
        ServletResponseView.of(response));
  }

  private Principal principal(HttpServletRequest request) {
    return AuthApi.require(requests.authenticate(request));
  }

  @FunctionalInterface
  private interface Handler {
    Object answer(HttpServletRequest request, HttpServletResponse response, String id);
  }

  /** Collects the servlet's settings, checking each at once; {@link #build()} checks that none is missing. */
  public static final class Builder {

    private final GatehouseFilter filter;
    private CredentialVerifier credentials;
    private LoginLimiter loginLimiter;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Clock clock;

    private Builder(GatehouseFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      this.clock = filter.clock();
    }

    /** The application's password check; required. */
    public Builder credentials(CredentialVerifier credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * The login limiter: failures per client, per username and per trusted device, successes per username, the device
     * cookie and the listener, built with {@link LoginLimiter#builder()} on limiters shared through Redis; required.
     */
    public Builder loginLimiter(LoginLimiter loginLimiter) {
      this.loginLimiter = Objects.requireNonNull(loginLimiter, "loginLimiter");
      return this;
    }

    /** The largest login body accepted, larger ones get 413; {@value #DEFAULT_MAX_BODY_BYTES} if not set. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < MIN_MAX_BODY_BYTES || maxBodyBytes > MAX_MAX_BODY_BYTES) {
        throw new IllegalArgumentException("max body bytes must be between " + MIN_MAX_BODY_BYTES + " and "
            + MAX_MAX_BODY_BYTES + " (a login body holds a username of up to " + SessionConfig.MAX_SUBJECT_LENGTH
            + " and a password of up to " + AuthApi.MAX_PASSWORD_LENGTH + " characters), got " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** The clock for cookie lifetimes; the filter's (the sessions' clock when built from a Gatehouse) if not set. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @throws IllegalStateException naming the setting that is missing */
    public GatehouseAuthServlet build() {
      if (credentials == null) {
        throw new IllegalStateException("credentials are required: credentials(verifier) with the application's "
            + "CredentialVerifier, which checks a username and password");
      }
      if (loginLimiter == null) {
        throw new IllegalStateException("a login limiter is required: loginLimiter(LoginLimiter.builder()...build()),"
            + " on limiters such as gatehouse.rateLimiter(\"login-ip\")");
      }
      return new GatehouseAuthServlet(this);
    }
  }
}
