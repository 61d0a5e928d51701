package io.gatehouse.web.login;

import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Limits failed logins per client IP and per username, on two sliding-window limiters shared through Redis.
 *
 * <h2>How is it designed, and why?</h2>
 *
 * <p><b>Only failures count.</b> Counting every attempt would lock out an office behind one NAT address after five
 * ordinary logins. So an attempt first <em>checks</em> both limits with {@link RateLimiter#peek} (consuming
 * nothing), before the password is verified: a limited client is refused without costing a bcrypt computation, and
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
 * only one attempt per client IP and one per username may be in flight here at a time; a concurrent one is refused
 * at once as {@link Busy} (nothing blocks a server thread). Across N instances at most N attempts can
 * overlap, so the overshoot is at most N − 1 guesses per key, once.
 *
 * <p>Usernames are counted case-insensitively and by hash, so neither case variants nor odd bytes in a name make a
 * new key. Client keys come from {@link io.gatehouse.web.client.ClientAddress#rateLimitKey}.
 *
 * <pre>{@code
 * try (LoginLimiter.Attempt attempt = limiter.begin(clientKey, username)) {
 *   if (attempt.refusal().isPresent()) { ... 429 ... }
 *   else if (accounts.verify(username, password).isEmpty()) { attempt.failed(); ... 401 ... }
 *   else { attempt.succeeded(); ... create the session ... }
 * }
 * }</pre>
 */
public final class LoginLimiter {

  /** The name of the per-client limit, as reported to {@link LoginListener#limitReached}. */
  public static final String PER_CLIENT = "login_ip";
  /** The name of the per-username limit, as reported to {@link LoginListener#limitReached}. */
  public static final String PER_USERNAME = "login_user";

  private final RateLimiter perClient;
  private final RateLimiter perUsername;
  private final LoginListener listener;
  private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();

  /**
   * Creates a limiter on two sliding-window limiters, usually shared through Redis.
   *
   * @param perClient counts failures per client key
   * @param perUsername counts failures per username
   */
  public LoginLimiter(RateLimiter perClient, RateLimiter perUsername, LoginListener listener) {
    this.perClient = Objects.requireNonNull(perClient, "perClient");
    this.perUsername = Objects.requireNonNull(perUsername, "perUsername");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Starts an attempt: checks both limits without counting. Always close the attempt; if it is
   * {@linkplain Attempt#refusal() refused}, do not check the password.
   */
  public Attempt begin(String clientKey, String username) {
    String userKey = usernameKey(username);
    String ipFlight = "ip:" + clientKey;
    String userFlight = "user:" + userKey;
    if (inFlight.putIfAbsent(ipFlight, Boolean.TRUE) != null) {
      return refused(clientKey, userKey, new Busy());
    }
    if (inFlight.putIfAbsent(userFlight, Boolean.TRUE) != null) {
      inFlight.remove(ipFlight);
      return refused(clientKey, userKey, new Busy());
    }
    Attempt attempt = new Attempt(clientKey, userKey, ipFlight, userFlight, null);
    try {
      RateLimitDecision ip = perClient.peek(clientKey);
      RateLimitDecision user = perUsername.peek(userKey);
      if (ip.allowed() && user.allowed()) {
        attempt.noteShadowRefusal(ip, PER_CLIENT, clientKey);
        attempt.noteShadowRefusal(user, PER_USERNAME, userKey);
        return attempt;
      }
      attempt.close();
      listener.limitReached(!ip.allowed() ? PER_CLIENT : PER_USERNAME, !ip.allowed() ? clientKey : userKey);
      return refused(clientKey, userKey, new Limited(longerWait(ip, user)));
    } catch (RuntimeException e) {
      attempt.close();
      throw e;
    }
  }

  private Attempt refused(String clientKey, String userKey, Refusal refusal) {
    listener.loginAttempt(LoginListener.LoginOutcome.RATE_LIMITED);
    return new Attempt(clientKey, userKey, null, null, refusal);
  }

  /** The key of a username: case-insensitive, hashed, so that odd bytes or case variants make no new key. */
  public static String usernameKey(String username) {
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

  /** Why an attempt was refused before its password was checked. */
  public sealed interface Refusal {}

  /**
   * A limit is reached.
   *
   * @param decision the limit that frees up last, for {@code Retry-After} and the {@code RateLimit-*} headers
   */
  public record Limited(RateLimitDecision decision) implements Refusal {}

  /** Another attempt for the same client or username is being checked on this instance; retry in a second. */
  public record Busy() implements Refusal {}

  /** One login attempt between its check and its outcome. */
  public final class Attempt implements AutoCloseable {
    private final String clientKey;
    private final String userKey;
    private final String ipFlight;
    private final String userFlight;
    private final Refusal refusal;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean resolved = new AtomicBoolean();
    private final List<String> shadowRefusals = new ArrayList<>(2);

    private Attempt(String clientKey, String userKey, String ipFlight, String userFlight, Refusal refusal) {
      this.clientKey = clientKey;
      this.userKey = userKey;
      this.ipFlight = ipFlight;
      this.userFlight = userFlight;
      this.refusal = refusal;
    }

    /** Why the attempt may not go on, if it may not. */
    public Optional<Refusal> refusal() {
      return Optional.ofNullable(refusal);
    }

    /**
     * The limits in shadow mode that would have refused this attempt and let it through ({@link #PER_CLIENT},
     * {@link #PER_USERNAME}); empty when none would have. For a response header that shows a shadow limit at work.
     */
    public List<String> shadowRefusals() {
      return List.copyOf(shadowRefusals);
    }

    private void noteShadowRefusal(RateLimitDecision decision, String limit, String key) {
      if (decision.shadowRefused()) {
        shadowRefusals.add(limit);
        listener.shadowLimitReached(limit, key);
      }
    }

    /**
     * Counts a failed login on both keys; returns the decision with fewer attempts left, for the headers. An attempt
     * has one outcome: a second call to this or {@link #succeeded()} throws.
     */
    public RateLimitDecision failed() {
      requireAllowed();
      listener.loginAttempt(LoginListener.LoginOutcome.FAILURE);
      RateLimitDecision ip = perClient.tryAcquire(clientKey);
      RateLimitDecision user = perUsername.tryAcquire(userKey);
      return ip.remaining() <= user.remaining() ? ip : user;
    }

    /** Records a successful login: the username's count starts over; the client's is kept. */
    public void succeeded() {
      requireAllowed();
      listener.loginAttempt(LoginListener.LoginOutcome.SUCCESS);
      perUsername.reset(userKey);
    }

    private void requireAllowed() {
      if (refusal != null) {
        throw new IllegalStateException("this login attempt was refused (" + refusal + "); its password must not be "
            + "checked");
      }
      if (!resolved.compareAndSet(false, true)) {
        throw new IllegalStateException("this login attempt already has its outcome; begin a new one");
      }
    }

    /** Lets the next attempt of this client and username in. Idempotent. */
    @Override
    public void close() {
      if (ipFlight != null && closed.compareAndSet(false, true)) {
        inFlight.remove(ipFlight);
        inFlight.remove(userFlight);
      }
    }
  }
}
