package io.gatehouse.spring.boot.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The details of a username and password authentication request: Spring Security's own (remote address), plus the
 * login attempt it began, so that {@link LoginOutcomeListener} can record the outcome.
 */
final class LoginDetails extends WebAuthenticationDetails {

  private static final long serialVersionUID = 1L;

  private final transient LoginAttempts.Attempt attempt;

  LoginDetails(HttpServletRequest request, LoginAttempts.Attempt attempt) {
    super(request);
    this.attempt = attempt;
  }

  /** The attempt, if the login limit applied to this request. */
  Optional<LoginAttempts.Attempt> attempt() {
    return Optional.ofNullable(attempt);
  }
}
