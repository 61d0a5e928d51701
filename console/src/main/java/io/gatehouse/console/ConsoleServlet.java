package io.gatehouse.console;

import io.gatehouse.servlet.GatehouseFilter;
import io.gatehouse.servlet.JsonResponses;
import io.gatehouse.web.Principal;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.AuthApi;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator console as a servlet, to mount at a path of the application's choice such as {@code /admin/*}. Below
 * it: the page at {@code /} (a sign-in form without a session, a 403 page without the {@value AuthApi#ADMIN_ROLE}
 * role), its files at {@code /assets/{name}}, and the JSON API at {@code /api/*}, with the same endpoints and answers
 * as the reference server's {@code /api/admin/*}:
 *
 * <ul>
 *   <li>{@code GET /api/overview}, {@code GET /api/history}: this instance now, and its last hour;
 *   <li>{@code GET /api/user-sessions?subject=}, {@code DELETE /api/user-sessions/{id}},
 *       {@code POST /api/user-sessions/revoke-all} with {@code {"subject": ...}};
 *   <li>{@code GET /api/limits?key=}, {@code POST /api/limits/reset} with {@code {"limiter": ..., "key": ...}},
 *       {@code GET /api/limits/top}.
 * </ul>
 *
 * <p>The caller is the principal of the {@link GatehouseFilter} the servlet is built with (computed once per request,
 * shared when the filter is mapped in front): the API answers 401 without a session and 403 without the role. Every
 * answer is {@code Cache-Control: no-store} (assets: {@code no-cache}); the pages carry a strict Content Security
 * Policy; and the servlet refuses cross-site state changes itself, with the filter's same-origin guard, even where the
 * filter is not mapped in front of it. The page's sign-in form and sign-out button call the application's
 * {@link io.gatehouse.servlet.GatehouseAuthServlet}, at {@link Builder#authPath}.
 *
 * <pre>{@code
 * Console console = Console.builder(gatehouse, names).loginListener(metrics).build();
 * ConsoleServlet page = ConsoleServlet.builder(console, filter).authPath("/auth").build();
 * servletContext.addServlet("console", page).addMapping("/admin/*");
 * }</pre>
 */
public final class ConsoleServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The policy of the pages: their own scripts and styles only, no framing, no form posts elsewhere. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'"
      + " 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
      + " base-uri 'none'";
  /** Where the session endpoints are by default: the auth servlet mapped at {@code /auth/*}. */
  public static final String DEFAULT_AUTH_PATH = "/auth";

  private final transient Console console;
  private final transient GatehouseFilter filter;
  private final transient ServletEndpoints endpoints;
  private final String authPath;

  private ConsoleServlet(Builder b) {
    this.console = b.console;
    this.filter = b.filter;
    this.endpoints = new ServletEndpoints(console.api());
    this.authPath = b.authPath;
  }

  /** A builder for the servlet of {@code console}, whose callers {@code filter} authenticates. */
  public static Builder builder(Console console, GatehouseFilter filter) {
    return new Builder(console, filter);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    try {
      filter.requireSameOrigin(request);
      String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
      if (path.equals("/") || path.isEmpty()) {
        page(request, response);
      } else if (path.startsWith("/assets/")) {
        asset(request, response, path.substring("/assets/".length()));
      } else if (path.equals("/api") || path.startsWith("/api/")) {
        response.setHeader("Cache-Control", "no-store");
        Principal admin = admin(request);
        JsonResponses.write(response, HttpServletResponse.SC_OK,
            endpoints.answer(request, admin, path.substring("/api".length())));
      } else {
        throw ApiError.notFound("no such page");
      }
    } catch (ApiError e) {
      JsonResponses.error(response, e);
    } catch (RuntimeException e) {
      JsonResponses.unexpected(request, response, e);
    }
  }

  /** Sign-in for a visitor, the console for an admin, a 403 page for anyone else. */
  private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      throw new ApiError(405, "method_not_allowed", "this page only accepts GET",
          Map.of("Allow", "GET"));
    }
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("Referrer-Policy", "no-referrer");
    ConsolePages.Mount mount = mount(request);
    Optional<Principal> principal = filter.authenticate(request).authenticated();
    String html;
    if (principal.isEmpty()) {
      html = console.pages().signIn(mount);
    } else if (!principal.get().hasRole(AuthApi.ADMIN_ROLE)) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      html = console.pages().forbidden(principal.get().subject(), mount);
    } else {
      html = console.pages().console(principal.get().subject(), mount);
    }
    write(response, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
  }

  private void asset(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      throw new ApiError(405, "method_not_allowed", "the console's files only accept GET",
          Map.of("Allow", "GET"));
    }
    ConsolePages.Asset asset = console.pages().asset(name).orElseThrow(() -> ApiError.notFound("no such file"));
    response.setHeader("Cache-Control", "no-cache");
    write(response, asset.bytes(), asset.contentType());
  }

  private Principal admin(HttpServletRequest request) {
    Principal principal = AuthApi.require(filter.authenticate(request));
    if (!principal.hasRole(AuthApi.ADMIN_ROLE)) {
      throw ApiError.forbidden("this endpoint needs the admin role");
    }
    return principal;
  }

  /** Where this servlet is, as the page's links and scripts must name it: below the context and servlet path. */
  private ConsolePages.Mount mount(HttpServletRequest request) {
    String base = request.getContextPath() + request.getServletPath();
    return new ConsolePages.Mount(base + "/assets", base + "/api", request.getContextPath() + authPath);
  }

  private static void write(HttpServletResponse response, byte[] bytes, String contentType) throws IOException {
    response.setContentType(contentType);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The servlet's settings; the console and the filter are required. */
  public static final class Builder {

    private final Console console;
    private final GatehouseFilter filter;
    private String authPath = DEFAULT_AUTH_PATH;

    private Builder(Console console, GatehouseFilter filter) {
      this.console = Objects.requireNonNull(console, "console");
      this.filter = Objects.requireNonNull(filter, "filter");
    }

    /**
     * Where the application maps its {@link io.gatehouse.servlet.GatehouseAuthServlet}, below the context path,
     * without the {@code /*}: the page's sign-in and sign-out call {@code login} and {@code logout} under it;
     * {@value #DEFAULT_AUTH_PATH} if not set.
     */
    public Builder authPath(String authPath) {
      Objects.requireNonNull(authPath, "authPath");
      if (!authPath.startsWith("/") || authPath.endsWith("/") || authPath.endsWith("/*")) {
        throw new IllegalArgumentException("the auth path must be where the auth servlet is mapped, without the /*,"
            + " such as /auth, got \"" + authPath + "\"");
      }
      this.authPath = authPath;
      return this;
    }

    public ConsoleServlet build() {
      return new ConsoleServlet(this);
    }
  }
}
