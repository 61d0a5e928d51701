package io.gatehouse.spring.boot.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps Spring Security's login filters in the login limit's request scope: opens it, answers a
 * {@link LoginRefusedException} thrown by any login mechanism inside (before the password is checked, or after it
 * when the username's successful logins reached their limit) with 429 and {@code Retry-After}, and ends the request's
 * attempts when it is done. Placed just before the first login filter.
 */
final class LoginLimitFilter extends OncePerRequestFilter {

  private final LoginAttempts attempts;

  LoginLimitFilter(LoginAttempts attempts) {
    this.attempts = attempts;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    attempts.open(request, response);
    try {
      chain.doFilter(request, response);
    } catch (LoginRefusedException refused) {
      if (response.isCommitted()) {
        throw refused;
      }
      ErrorAnswers.write(response, refused.answer());
    } finally {
      attempts.close(request);
    }
  }
}
