package io.gatehouse.server.auth;

import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.server.http.ApiError;
import io.gatehouse.server.http.RateLimitHeaders;
import io.gatehouse.server.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins per client IP and per username, on two sliding-window limiters shared through Redis.
 *
 * <h2>How is it designed, and why?</h2>
 *
 * <p><b>Only failures count.</b> Counting every attempt would lock out an office behind one NAT address after five
 * ordinary logins. So an attempt first <em>checks</em> both limits with {@link RateLimiter#peek} (consuming
 * nothing), before the password is verified: a limited client gets 429 without costing a bcrypt computation, and
 * without learning whether its guess was right. Only a wrong password is then <em>counted</em>, with
 * {@link RateLimiter#tryAcquire} on both keys.
 *
 * <p><b>A success resets the per-username count, never the per-IP count.</b> Resetting the IP's count on success
 * would let an attacker with one valid account of their own interleave a good login after every four guesses and
 * guess forever. The username's count is reset because only the holder of that account's password can do it, and
 * it spares a user who mistyped a few times a lock-out of the whole window.
 *
 * <p><b>Check-then-count is not atomic, so attempts in flight are bounded.</b> Between the peek and the count, a
 * client could send many guesses in parallel and have them all pass the peek. To close that gap on one instance,
 * only one attempt per client IP and one per username may be in flight here at a time; a concurrent one gets 429
 * at once with {@code Retry-After: 1} (nothing blocks a server thread). Across N instances at most N attempts can
 * overlap, so the overshoot is at most N − 1 guesses per key, once.
 *
 * <p>Usernames are counted case-insensitively and by hash, so neither case variants nor odd bytes in a name make a
 * new key. Client IPs come from {@link io.gatehouse.server.http.ClientAddress#rateLimitKey}.
 */
public final class LoginLimiter {

  private final RateLimiter perIp;
  private final RateLimiter perUser;
  private final ServerMetrics metrics;
  private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();

  public LoginLimiter(RateLimiter perIp, RateLimiter perUser, ServerMetrics metrics) {
    this.perIp = perIp;
    this.perUser = perUser;
    this.metrics = metrics;
  }

  /**
   * Starts an attempt: checks both limits without counting. Close the attempt when done.
   *
   * @throws ApiError 429 with {@code Retry-After} and {@code RateLimit-*} headers if either limit is reached, or if
   *     another attempt for the same client or username is in flight on this instance
   */
  public Attempt begin(String clientKey, String username) {
    String ipKey = "ip:" + clientKey;
    String userKey = "user:" + usernameKey(username);
    if (inFlight.putIfAbsent(ipKey, Boolean.TRUE) != null) {
      throw busy();
    }
    if (inFlight.putIfAbsent(userKey, Boolean.TRUE) != null) {
      inFlight.remove(ipKey);
      throw busy();
    }
    Attempt attempt = new Attempt(clientKey, usernameKey(username), ipKey, userKey);
    try {
      RateLimitDecision ip = perIp.peek(clientKey);
      RateLimitDecision user = perUser.peek(attempt.userKey);
      if (!ip.allowed() || !user.allowed()) {
        metrics.rateLimitRejection(!ip.allowed() ? "login_ip" : "login_user");
        metrics.login(ServerMetrics.LoginOutcome.RATE_LIMITED);
        RateLimitDecision blocking = longerWait(ip, user);
        throw RateLimitHeaders.tooManyRequests(blocking, "too many failed logins; retry after "
            + Math.max(1, blocking.retryAfterSeconds()) + " s");
      }
      return attempt;
    } catch (RuntimeException e) {
      attempt.close();
      throw e;
    }
  }

  static String usernameKey(String username) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }

  private static RateLimitDecision longerWait(RateLimitDecision a, RateLimitDecision b) {
    if (a.allowed()) {
      return b;
    }
    if (b.allowed()) {
      return a;
    }
    return a.retryAfter().compareTo(b.retryAfter()) >= 0 ? a : b;
  }

  private static ApiError busy() {
    return new ApiError(429, "too_many_requests", "another login for this client or username is being checked; "
        + "retry in a second", Map.of("Retry-After", "1"));
  }

  /** One login attempt between its check and its outcome. */
  public final class Attempt implements AutoCloseable {
    private final String clientKey;
    private final String userKey;
    private final String ipFlight;
    private final String userFlight;

    private Attempt(String clientKey, String userKey, String ipFlight, String userFlight) {
      this.clientKey = clientKey;
      this.userKey = userKey;
      this.ipFlight = ipFlight;
      this.userFlight = userFlight;
    }

    /** Counts a failed login on both keys; returns the decision with fewer attempts left, for the headers. */
    public RateLimitDecision failed() {
      metrics.login(ServerMetrics.LoginOutcome.FAILURE);
      RateLimitDecision ip = perIp.tryAcquire(clientKey);
      RateLimitDecision user = perUser.tryAcquire(userKey);
      return ip.remaining() <= user.remaining() ? ip : user;
    }

    /** Records a successful login: the username's count starts over; the client IP's is kept. */
    public void succeeded() {
      metrics.login(ServerMetrics.LoginOutcome.SUCCESS);
      perUser.reset(userKey);
    }

    @Override
    public void close() {
      inFlight.remove(ipFlight);
      inFlight.remove(userFlight);
    }
  }
}
