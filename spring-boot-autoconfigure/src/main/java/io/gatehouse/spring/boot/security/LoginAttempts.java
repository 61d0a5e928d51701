package io.gatehouse.spring.boot.security;

import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.servlet.ServletRequestView;
import io.gatehouse.web.api.AuthApi;
import io.gatehouse.web.client.ClientAddress;
import io.gatehouse.web.login.LoginLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The login limit applied to Spring Security's logins, with the reference server's rules (see {@link LoginLimiter}):
 * an attempt takes its permits before the password is checked and gives them back when it is right, so only failures
 * stay counted, per client address and per username; a browser with a device cookie for the username (set by an
 * earlier successful login) is counted per device instead, so strangers guessing cannot lock the owner out; and
 * successful logins per username are limited too. The one class here that uses the web module's {@link LoginLimiter};
 * the login mechanisms reach it through {@link LoginDetailsSource} (begin), {@link LoginOutcomeListener} (outcome)
 * and {@link LoginLimitFilter} (request scope and the 429 answer).
 *
 * <p>Attempts are tied to the request: {@link #open} starts the scope, {@link #close} ends whatever is still open
 * in it, giving back the permits of an attempt without an outcome. Outside an opened request nothing is limited, so
 * an authentication made elsewhere (a test, a scheduled job) never leaves permits taken.
 */
final class LoginAttempts {

  private static final String SCOPE = LoginAttempts.class.getName() + ".SCOPE";

  private final LoginLimiter limiter;
  private final ClientAddress clients;

  LoginAttempts(LoginLimiter limiter, ClientAddress clients) {
    this.limiter = limiter;
    this.clients = clients;
  }

  /** Opens {@code request} for attempts; a successful one sets the device cookie on {@code response}. */
  void open(HttpServletRequest request, HttpServletResponse response) {
    request.setAttribute(SCOPE, new Scope(response, new ArrayList<>()));
  }

  /**
   * Begins an attempt to log in as {@code username} from {@code request}'s client, with the device cookie the
   * request carries.
   *
   * @return the attempt, or empty when {@code request} was not opened
   * @throws LoginRefusedException with the 429 answer, if a limit is reached
   */
  Optional<Attempt> begin(HttpServletRequest request, String username) {
    Scope scope = scope(request);
    if (scope == null) {
      return Optional.empty();
    }
    ServletRequestView view = ServletRequestView.of(request);
    String name = username == null ? "" : username;
    LoginLimiter.Attempt begun = limiter.begin(ClientAddress.rateLimitKey(clients.of(view)), name,
        limiter.deviceCookie().read(view));
    Optional<LoginLimiter.Refusal> refusal = begun.refusal();
    if (refusal.isPresent()) {
      throw new LoginRefusedException(AuthApi.refused(refusal.get()));
    }
    Attempt attempt = new Attempt(begun, name, scope.response);
    scope.attempts.add(attempt);
    return Optional.of(attempt);
  }

  /** The decision of the last failed attempt in {@code request}, for the {@code RateLimit-*} headers of a 401. */
  Optional<RateLimitDecision> lastFailure(HttpServletRequest request) {
    Scope scope = scope(request);
    if (scope == null) {
      return Optional.empty();
    }
    return scope.attempts.stream().map(attempt -> attempt.failure).filter(d -> d != null)
        .reduce((first, second) -> second);
  }

  /** Ends every attempt still open in {@code request}; those without an outcome give their permits back. */
  void close(HttpServletRequest request) {
    Scope scope = scope(request);
    if (scope != null) {
      scope.attempts.forEach(attempt -> attempt.begun.close());
      request.removeAttribute(SCOPE);
    }
  }

  private static Scope scope(HttpServletRequest request) {
    return request.getAttribute(SCOPE) instanceof Scope scope ? scope : null;
  }

  /** The attempts begun in one request, and its response, where a successful login sets the device cookie. */
  private record Scope(HttpServletResponse response, List<Attempt> attempts) {}

  /** One attempt whose password is being checked. Its outcome is recorded once. */
  final class Attempt {
    private final LoginLimiter.Attempt begun;
    private final String username;
    private final HttpServletResponse response;
    private final AtomicBoolean resolved = new AtomicBoolean();
    private volatile RateLimitDecision failure;

    private Attempt(LoginLimiter.Attempt begun, String username, HttpServletResponse response) {
      this.begun = begun;
      this.username = username;
      this.response = response;
    }

    /** The password was wrong (or the account unusable): the permits stay taken. */
    void failed() {
      if (resolved.compareAndSet(false, true)) {
        failure = begun.failed();
      }
    }

    /**
     * The password was right: gives the permits back, counts a successful login and sets the device cookie, so that
     * this browser is counted per device from now on.
     *
     * @throws LoginRefusedException with the 429 answer, if the username's successful logins reached their limit
     */
    void succeeded() {
      if (resolved.compareAndSet(false, true)) {
        Optional<LoginLimiter.Refusal> tooMany = begun.succeeded();
        if (tooMany.isPresent()) {
          throw new LoginRefusedException(AuthApi.refused(tooMany.get()));
        }
        response.addHeader("Set-Cookie", limiter.deviceCookie().setCookie(username));
      }
    }
  }
}
