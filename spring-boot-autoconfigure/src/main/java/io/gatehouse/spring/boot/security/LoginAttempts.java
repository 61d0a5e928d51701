package io.gatehouse.spring.boot.security;

import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.servlet.ServletRequestView;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.RateLimitHeaders;
import io.gatehouse.web.client.ClientAddress;
import io.gatehouse.web.login.LoginLimiter;
import io.gatehouse.web.login.LoginListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The failed-login limit applied to Spring Security's logins, per client address and per username, with the reference
 * server's rules: only failures count, a success resets the username's count but never the client's, and a limited
 * attempt is refused before its password is checked. The one class here that uses the web module's
 * {@link LoginLimiter}; the login mechanisms reach it through {@link LoginDetailsSource} (begin),
 * {@link LoginOutcomeListener} (outcome) and {@link LoginLimitFilter} (request scope and the 429 answer).
 *
 * <p>Attempts are tied to the request: {@link #open} starts the scope, {@link #close} ends whatever is still open
 * in it. Outside an opened request nothing is limited, so an authentication made elsewhere (a test, a scheduled job)
 * never leaves an attempt in flight.
 */
final class LoginAttempts {

  /** The answer to an attempt refused because another one for the same client or username is in flight. */
  static final String BUSY = "another login for this client or username is being checked; retry in a second";

  private static final String SCOPE = LoginAttempts.class.getName() + ".SCOPE";

  private final LoginLimiter limiter;
  private final ClientAddress clients;

  /**
   * Creates the limit on the Gatehouse's two login limiters.
   *
   * @param perClient failed logins per client address ({@code login-ip})
   * @param perUsername failed logins per username ({@code login-user})
   */
  LoginAttempts(RateLimiter perClient, RateLimiter perUsername, LoginListener listener, ClientAddress clients) {
    this.limiter = new LoginLimiter(perClient, perUsername, listener);
    this.clients = clients;
  }

  /** Opens {@code request} for attempts. */
  void open(HttpServletRequest request) {
    request.setAttribute(SCOPE, new ArrayList<Attempt>());
  }

  /**
   * Begins an attempt to log in as {@code username} from {@code request}'s client.
   *
   * @return the attempt, or empty when {@code request} was not opened
   * @throws LoginRefusedException with the 429 answer, if a limit is reached or another attempt is in flight
   */
  Optional<Attempt> begin(HttpServletRequest request, String username) {
    List<Attempt> scope = scope(request);
    if (scope == null) {
      return Optional.empty();
    }
    String clientKey = ClientAddress.rateLimitKey(clients.of(ServletRequestView.of(request)));
    LoginLimiter.Attempt begun = limiter.begin(clientKey, username == null ? "" : username);
    Optional<LoginLimiter.Refusal> refusal = begun.refusal();
    if (refusal.isPresent()) {
      throw new LoginRefusedException(answer(refusal.get()));
    }
    Attempt attempt = new Attempt(begun);
    scope.add(attempt);
    return Optional.of(attempt);
  }

  /** The decision of the last failed attempt in {@code request}, for the {@code RateLimit-*} headers of a 401. */
  Optional<RateLimitDecision> lastFailure(HttpServletRequest request) {
    List<Attempt> scope = scope(request);
    if (scope == null) {
      return Optional.empty();
    }
    return scope.stream().map(attempt -> attempt.failure).filter(d -> d != null).reduce((first, second) -> second);
  }

  /** Ends every attempt still open in {@code request}; those without an outcome count for nothing. */
  void close(HttpServletRequest request) {
    List<Attempt> scope = scope(request);
    if (scope != null) {
      scope.forEach(attempt -> attempt.begun.close());
      request.removeAttribute(SCOPE);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Attempt> scope(HttpServletRequest request) {
    return (List<Attempt>) request.getAttribute(SCOPE);
  }

  // The same answers as the reference server's login endpoint.
  private static ApiError answer(LoginLimiter.Refusal refusal) {
    if (refusal instanceof LoginLimiter.Limited limited) {
      RateLimitDecision blocking = limited.decision();
      return RateLimitHeaders.tooManyRequests(blocking, "too many failed logins; retry after "
          + Math.max(1, blocking.retryAfterSeconds()) + " s");
    }
    return new ApiError(429, "too_many_requests", BUSY, Map.of("Retry-After", "1"));
  }

  /**
   * One attempt whose password is being checked. Its outcome is recorded once; recording it also lets the next
   * attempt of the same client and username in, since the check-then-count window is over.
   */
  static final class Attempt {
    private final LoginLimiter.Attempt begun;
    private final AtomicBoolean resolved = new AtomicBoolean();
    private volatile RateLimitDecision failure;

    private Attempt(LoginLimiter.Attempt begun) {
      this.begun = begun;
    }

    /** The password was wrong (or the account unusable): counts on both keys. */
    void failed() {
      if (resolved.compareAndSet(false, true)) {
        try {
          failure = begun.failed();
        } finally {
          begun.close();
        }
      }
    }

    /** The login succeeded: the username's count starts over. */
    void succeeded() {
      if (resolved.compareAndSet(false, true)) {
        try {
          begun.succeeded();
        } finally {
          begun.close();
        }
      }
    }
  }
}
