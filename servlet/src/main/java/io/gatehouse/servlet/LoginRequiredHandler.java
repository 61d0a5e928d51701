package io.gatehouse.servlet;

import io.gatehouse.web.Authentication;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.AuthApi;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What the {@link GatehouseFilter} answers to a request on a path that needs a login but that carries no valid
 * credentials. The request goes no further; the handler writes the whole answer, such as a 401 or a redirect to a
 * login page:
 *
 * <pre>{@code
 * .onLoginRequired((request, response) -> response.sendRedirect("/login.html"))
 * }</pre>
 */
@FunctionalInterface
public interface LoginRequiredHandler {

  /** Answers {@code request}, which needs a login and has none. */
  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;

  /**
   * The default: 401 with the JSON error body {@code {"error":"unauthorized","message":"no valid session: log in
   * first"}} and the header {@link AuthApi#unauthorized(Authentication)} gives, as the auth endpoints answer:
   * {@code WWW-Authenticate: Bearer}, or RFC 6750's {@code Bearer error="invalid_token", error_description="..."}
   * for a refused JWT.
   */
  static LoginRequiredHandler json() {
    return (request, response) -> {
      ApiError error = request.getAttribute(RequestAuthenticator.AUTHENTICATION_ATTRIBUTE) instanceof Authentication a
          ? AuthApi.unauthorized(a) : ApiError.unauthorized(AuthApi.UNAUTHENTICATED);
      JsonResponses.error(response, error);
    };
  }

  /** 401 with {@code WWW-Authenticate: Bearer} and no body, for applications that write their own error pages. */
  static LoginRequiredHandler statusOnly() {
    return (request, response) -> {
      response.setHeader("WWW-Authenticate", "Bearer");
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    };
  }
}
