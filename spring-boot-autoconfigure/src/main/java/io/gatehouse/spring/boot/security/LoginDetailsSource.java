package io.gatehouse.spring.boot.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;

/**
 * Where the login limit meets Spring Security's login mechanisms. Every username and password filter (form login,
 * HTTP basic, the JSON login) asks its details source for the request's details right before it checks the password:
 * this one begins the attempt there, so a limited client is refused before any password hashing, and hands the
 * attempt on in the details for the outcome.
 */
final class LoginDetailsSource implements AuthenticationDetailsSource<HttpServletRequest, LoginDetails> {

  private final LoginAttempts attempts;
  private final Function<HttpServletRequest, String> username;

  private LoginDetailsSource(LoginAttempts attempts, Function<HttpServletRequest, String> username) {
    this.attempts = attempts;
    this.username = username;
  }

  /** For form login: the username is the request parameter {@code parameter}. */
  static LoginDetailsSource form(LoginAttempts attempts, String parameter) {
    return new LoginDetailsSource(attempts, request -> request.getParameter(parameter));
  }

  /** For HTTP basic: the username is in the {@code Authorization: Basic} header. */
  static LoginDetailsSource basic(LoginAttempts attempts) {
    BasicAuthenticationConverter converter = new BasicAuthenticationConverter();
    return new LoginDetailsSource(attempts, request -> {
      Authentication credentials = converter.convert(request);
      return credentials == null ? null : credentials.getName();
    });
  }

  /** For a filter that has read the username itself and left it in the request attribute {@code attribute}. */
  static LoginDetailsSource attribute(LoginAttempts attempts, String attribute) {
    return new LoginDetailsSource(attempts, request -> (String) request.getAttribute(attribute));
  }

  /**
   * Begins the attempt.
   *
   * @throws LoginRefusedException if the login limit refuses it
   */
  @Override
  public LoginDetails buildDetails(HttpServletRequest request) {
    return new LoginDetails(request, attempts.begin(request, username.apply(request)).orElse(null));
  }
}
