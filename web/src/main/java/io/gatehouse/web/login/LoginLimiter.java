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
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Limits password guessing without letting anyone lock the account's owner out: failed logins are counted per
 * client and per username, on sliding-window limiters shared through Redis, and a client that proves it logged in
 * as that user before (a {@link DeviceCookie}) is exempt from the per-username limit.
 *
 * <h2>How is it designed, and why?</h2>
 *
 * <p><b>Who is limited by what.</b> A limit per username stops guesses spread over many addresses, but anyone can
 * exhaust it, and then the owner is locked out too (issue 13: five wrong passwords from anywhere, and the right one
 * from the owner's own browser was refused for 15 minutes). So the limits depend on the client, as OWASP's device
 * cookies have it:
 * <ul>
 *   <li>a client with a valid device cookie for the username is counted per (username, device) only: strangers
 *       cannot touch that count, and cannot get a device cookie without the password;
 *   <li>any other client is counted per client address (all usernames) and per username. The per-username count is
 *       shared by all unproven clients, so an attacker spreading guesses over many addresses meets it, while the
 *       owner's proven devices are not affected. For unproven clients the (username, address) count is bounded by
 *       the per-address count, so it is not kept separately.
 * </ul>
 * A limit is a wall (429 with {@code Retry-After}) rather than a progressive delay: a delay served by sleeping ties
 * up a server thread per guess, and parallel guesses sleep in parallel, so it bounds nothing; a sliding window is
 * already a progressive answer (five guesses, then one each time one leaves the window), and the wall can no longer
 * fall on the owner's proven devices.
 *
 * <p><b>Take first, give back on success.</b> An attempt takes its permits ({@link RateLimiter#tryAcquire}) before
 * the password is verified, and gives them back ({@link RateLimiter#release}) when the password is right: only
 * failures stay counted. Because taking is atomic, N instances checking at once cannot together overshoot a limit
 * (check-then-count let them overshoot by N - 1), and a limited client is refused without costing a bcrypt
 * computation and without learning whether its guess was right. An attempt closed without an outcome (the
 * verification failed with an error) gives its permits back too. A success gives back only its own permits, never
 * earlier failures: resetting the per-address count would let an attacker with an account of their own interleave
 * good logins with guesses, and resetting the per-username count would hand a distributed attacker a fresh allowance
 * each time the owner logs in.
 *
 * <p><b>Successful logins are limited too</b>, per username, so that a holder of the password cannot make sessions
 * without bound. It is checked before the password (without taking) and counted after it, so only the password's
 * holder can exhaust it.
 *
 * <p>Usernames are counted case-insensitively and by hash, so neither case variants nor odd bytes in a name make a
 * new key. Client keys come from {@link io.gatehouse.web.client.ClientAddress#rateLimitKey}.
 *
 * <pre>{@code
 * try (LoginLimiter.Attempt attempt = limiter.begin(clientKey, username, limiter.deviceCookie().read(request))) {
 *   if (attempt.refusal().isPresent()) { ... 429 ... }
 *   else if (accounts.verify(username, password).isEmpty()) { attempt.failed(); ... 401 ... }
 *   else if (attempt.succeeded().isPresent()) { ... 429 ... }
 *   else { ... create the session, set limiter.deviceCookie().setCookie(username) ... }
 * }
 * }</pre>
 */
public final class LoginLimiter {

  /** The name of the per-client-address limit, as reported to {@link LoginListener#limitReached}. */
  public static final String PER_CLIENT = "login_ip";
  /** The name of the per-username limit on clients without a device cookie. */
  public static final String PER_USERNAME = "login_user";
  /** The name of the per-(username, device) limit on clients with a device cookie. */
  public static final String PER_DEVICE = "login_device";
  /** The name of the limit on successful logins per username. */
  public static final String SUCCESSES = "login_success";

  private final RateLimiter perClient;
  private final RateLimiter perUsername;
  private final RateLimiter perDevice;
  private final RateLimiter successes;
  private final DeviceCookie deviceCookie;
  private final LoginListener listener;

  private LoginLimiter(Builder b) {
    this.perClient = b.perClient;
    this.perUsername = b.perUsername;
    this.perDevice = b.perDevice;
    this.successes = b.successes;
    this.deviceCookie = b.deviceCookie;
    this.listener = b.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The device cookie this limiter trusts: read it from the login request, set it on a successful login. */
  public DeviceCookie deviceCookie() {
    return deviceCookie;
  }

  /**
   * Starts an attempt: takes its permits, or says why it may not go on. Always close the attempt; if it is
   * {@linkplain Attempt#refusal() refused}, do not check the password.
   *
   * @param deviceCookie the device cookie's value as the request carries it, unchecked; empty if none
   */
  public Attempt begin(String clientKey, String username, Optional<String> deviceCookie) {
    String userKey = usernameKey(username);
    Optional<String> device = deviceCookie.flatMap(value -> this.deviceCookie.verify(value, username));
    RateLimitDecision success = successes.peek(userKey);
    if (!success.allowed()) {
      return refused(userKey, userKey, new Limited(SUCCESSES, success));
    }
    List<Permit> wanted = device.isPresent()
        ? List.of(new Permit(PER_DEVICE, perDevice, userKey + "." + device.get()))
        : List.of(new Permit(PER_CLIENT, perClient, clientKey), new Permit(PER_USERNAME, perUsername, userKey));
    List<Permit> taken = new ArrayList<>();
    Limited limited = null;
    String limitedKey = null;
    try {
      for (Permit permit : wanted) {
        RateLimitDecision decision = permit.limiter.tryAcquire(permit.key);
        if (decision.allowed()) {
          taken.add(permit.with(decision));
        } else if (limited == null || decision.retryAfter().compareTo(limited.decision().retryAfter()) > 0) {
          limited = new Limited(permit.name, decision);
          limitedKey = permit.key;
        }
      }
    } catch (RuntimeException e) {
      taken.forEach(Permit::giveBack);
      throw e;
    }
    if (limited != null) {
      taken.forEach(Permit::giveBack);
      return refused(userKey, limitedKey, limited);
    }
    for (Permit permit : taken) {
      if (permit.granted().shadowRefused()) {
        listener.shadowLimitReached(permit.name(), permit.key());
      }
    }
    return new Attempt(userKey, device.isPresent(), taken, null);
  }

  /**
   * An attempt refused by {@code limited}, reported with the key it was counted under ({@code limitedKey}: the client
   * key, or a hashed username key; never a raw username).
   */
  private Attempt refused(String userKey, String limitedKey, Limited limited) {
    listener.limitReached(limited.limit(), limitedKey);
    listener.loginAttempt(LoginListener.LoginOutcome.RATE_LIMITED);
    return new Attempt(userKey, false, List.of(), limited);
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

  /** Why an attempt was refused before its password was checked, or after it when too many logins succeeded. */
  public sealed interface Refusal {}

  /**
   * A limit is reached.
   *
   * @param limit which: {@link #PER_CLIENT}, {@link #PER_USERNAME}, {@link #PER_DEVICE} or {@link #SUCCESSES}
   * @param decision the limit that frees up last, for {@code Retry-After} and the {@code RateLimit-*} headers
   */
  public record Limited(String limit, RateLimitDecision decision) implements Refusal {}

  /** A permit one attempt wants or holds: which limit, on which key, and the decision that granted it. */
  private record Permit(String name, RateLimiter limiter, String key, RateLimitDecision granted) {
    Permit(String name, RateLimiter limiter, String key) {
      this(name, limiter, key, null);
    }

    Permit with(RateLimitDecision decision) {
      return new Permit(name, limiter, key, decision);
    }

    /** Gives the permit back; one a shadow limit let through without taking it is not given back. */
    void giveBack() {
      if (!granted.shadowRefused()) {
        limiter.release(key);
      }
    }
  }

  /** One login attempt between taking its permits and its outcome. */
  public final class Attempt implements AutoCloseable {
    private final String userKey;
    private final boolean trustedDevice;
    private final List<Permit> taken;
    private final Refusal refusal;
    private final List<String> shadowRefusals;
    private boolean resolved;

    private Attempt(String userKey, boolean trustedDevice, List<Permit> taken, Refusal refusal) {
      this.userKey = userKey;
      this.trustedDevice = trustedDevice;
      this.taken = List.copyOf(taken);
      this.refusal = refusal;
      this.shadowRefusals = this.taken.stream().filter(p -> p.granted().shadowRefused()).map(Permit::name).toList();
    }

    /** Why the attempt may not go on, if it may not. */
    public Optional<Refusal> refusal() {
      return Optional.ofNullable(refusal);
    }

    /** Whether the client showed a valid device cookie for the username, and is counted per device. */
    public boolean trustedDevice() {
      return trustedDevice;
    }

    /**
     * The limits in shadow mode that would have refused this attempt and let it through ({@link #PER_CLIENT},
     * {@link #PER_USERNAME}, {@link #PER_DEVICE}); empty when none would have. For a response header that shows a
     * shadow limit at work.
     */
    public List<String> shadowRefusals() {
      return shadowRefusals;
    }

    /**
     * Records a wrong password: the permits stay taken. Returns the decision with fewer attempts left, for the
     * headers. An attempt has one outcome: a second call to this or {@link #succeeded()} throws.
     */
    public synchronized RateLimitDecision failed() {
      resolve();
      listener.loginAttempt(LoginListener.LoginOutcome.FAILURE);
      RateLimitDecision fewest = taken.get(0).granted();
      for (Permit permit : taken) {
        if (permit.granted().remaining() < fewest.remaining()) {
          fewest = permit.granted();
        }
      }
      return fewest;
    }

    /**
     * Records a right password: gives the permits back and counts a successful login. Empty if the login may go on;
     * a {@link Limited} refusal ({@link #SUCCESSES}) if the username's successful logins reached their limit since
     * {@link #begin}.
     */
    public synchronized Optional<Refusal> succeeded() {
      resolve();
      taken.forEach(Permit::giveBack);
      RateLimitDecision success = successes.tryAcquire(userKey);
      if (!success.allowed()) {
        listener.limitReached(SUCCESSES, userKey);
        listener.loginAttempt(LoginListener.LoginOutcome.RATE_LIMITED);
        return Optional.of(new Limited(SUCCESSES, success));
      }
      listener.loginAttempt(LoginListener.LoginOutcome.SUCCESS);
      return Optional.empty();
    }

    private void resolve() {
      if (refusal != null) {
        throw new IllegalStateException("this login attempt was refused (" + refusal + "); its password must not be "
            + "checked");
      }
      if (resolved) {
        throw new IllegalStateException("this login attempt already has its outcome; begin a new one");
      }
      resolved = true;
    }

    /** Gives the permits back if the attempt has no outcome: its password was not checked to the end. Idempotent. */
    @Override
    public synchronized void close() {
      if (!resolved && refusal == null) {
        resolved = true;
        taken.forEach(Permit::giveBack);
      }
    }
  }

  /** Collects the limiters and the device cookie; {@link #build()} checks that none is missing. */
  public static final class Builder {
    private RateLimiter perClient;
    private RateLimiter perUsername;
    private RateLimiter perDevice;
    private RateLimiter successes;
    private DeviceCookie deviceCookie;
    private LoginListener listener = LoginListener.NONE;

    private Builder() {}

    /** Counts failures per client address, of clients without a device cookie for the username. */
    public Builder perClient(RateLimiter perClient) {
      this.perClient = Objects.requireNonNull(perClient, "perClient");
      return this;
    }

    /** Counts failures per username, of clients without a device cookie for it. */
    public Builder perUsername(RateLimiter perUsername) {
      this.perUsername = Objects.requireNonNull(perUsername, "perUsername");
      return this;
    }

    /** Counts failures per (username, device), of clients with a device cookie for the username. */
    public Builder perDevice(RateLimiter perDevice) {
      this.perDevice = Objects.requireNonNull(perDevice, "perDevice");
      return this;
    }

    /** Counts successful logins per username. */
    public Builder successes(RateLimiter successes) {
      this.successes = Objects.requireNonNull(successes, "successes");
      return this;
    }

    /** The device cookie that exempts a client from the per-username limit. */
    public Builder deviceCookie(DeviceCookie deviceCookie) {
      this.deviceCookie = Objects.requireNonNull(deviceCookie, "deviceCookie");
      return this;
    }

    /** Hears outcomes and refusals, for metrics; {@link LoginListener#NONE} by default. */
    public Builder listener(LoginListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** @throws IllegalStateException naming what is missing */
    public LoginLimiter build() {
      String missing = Stream.of(perClient == null ? "perClient" : "", perUsername == null ? "perUsername" : "",
              perDevice == null ? "perDevice" : "", successes == null ? "successes" : "",
              deviceCookie == null ? "deviceCookie" : "")
          .filter(name -> !name.isEmpty()).collect(Collectors.joining(", "));
      if (!missing.isEmpty()) {
        throw new IllegalStateException("a login limiter needs " + missing);
      }
      return new LoginLimiter(this);
    }
  }
}
