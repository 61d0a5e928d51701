package io.gatehouse.server.config;

import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.login.DeviceCookie;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of the login protections beyond the failure limits: the key that signs device cookies
 * ({@code LOGIN_DEVICE_KEY}), the limit on successful logins per username ({@code LOGIN_SUCCESS_LIMIT}) and the cap on
 * password checks at once ({@code BCRYPT_MAX_CONCURRENT}). Immutable; each {@code with} method checks its value and
 * returns a new instance. {@link #toString()} never shows the key.
 */
public final class LoginSettings {

  public static final RateLimit.SlidingWindow DEFAULT_SUCCESS_LIMIT =
      RateLimit.slidingWindow(20, Duration.ofMinutes(15));
  /** Twice the CPUs: bursts are not refused, and the CPU never holds more than twice the hashing it can do. */
  public static final int DEFAULT_MAX_CONCURRENT_HASHES = 2 * Runtime.getRuntime().availableProcessors();
  public static final int MAX_CONCURRENT_HASHES = 1024;
  /** Shortest device key: {@value DeviceCookie#MIN_KEY_BYTES} bytes. */
  public static final int MIN_DEVICE_KEY_LENGTH = DeviceCookie.MIN_KEY_BYTES;
  /** Fewest different characters in a device key: a key like {@code aaaa…} is no secret, however long. */
  public static final int MIN_DEVICE_KEY_DISTINCT = 10;
  static final String DEVICE_KEY_FORM = "a random secret of at least " + MIN_DEVICE_KEY_LENGTH + " characters ("
      + MIN_DEVICE_KEY_DISTINCT + " or more different ones), the same on every instance (make one with: openssl "
      + "rand -base64 32)";

  private final String deviceKey;
  private final RateLimit.SlidingWindow successLimit;
  private final int maxConcurrentHashes;

  private LoginSettings(String deviceKey, RateLimit.SlidingWindow successLimit, int maxConcurrentHashes) {
    this.deviceKey = deviceKey;
    this.successLimit = successLimit;
    this.maxConcurrentHashes = maxConcurrentHashes;
  }

  /** The defaults: no device key (a random one per instance), {@link #DEFAULT_SUCCESS_LIMIT}, twice the CPUs. */
  public static LoginSettings create() {
    return new LoginSettings(null, DEFAULT_SUCCESS_LIMIT, DEFAULT_MAX_CONCURRENT_HASHES);
  }

  /**
   * With the key that signs device cookies, shared by every instance.
   *
   * @throws IllegalArgumentException unless it is at least {@value #MIN_DEVICE_KEY_LENGTH} bytes with at least
   *     {@value #MIN_DEVICE_KEY_DISTINCT} different characters; the message does not show the key
   */
  public LoginSettings withDeviceKey(String deviceKey) {
    if (!strongEnough(deviceKey)) {
      throw new IllegalArgumentException("device key must be " + DEVICE_KEY_FORM + ", got "
          + (deviceKey == null ? "null" : "a value of " + deviceKey.length() + " characters (not shown)"));
    }
    return new LoginSettings(deviceKey, successLimit, maxConcurrentHashes);
  }

  static boolean strongEnough(String key) {
    return key != null && key.getBytes(StandardCharsets.UTF_8).length >= MIN_DEVICE_KEY_LENGTH
        && key.chars().distinct().count() >= MIN_DEVICE_KEY_DISTINCT;
  }

  /** With this many successful logins allowed per username and window. */
  public LoginSettings withSuccessLimit(RateLimit.SlidingWindow successLimit) {
    return new LoginSettings(deviceKey, Objects.requireNonNull(successLimit, "successLimit"), maxConcurrentHashes);
  }

  /** With at most this many password checks at once: 1 to {@value #MAX_CONCURRENT_HASHES}. */
  public LoginSettings withMaxConcurrentHashes(int maxConcurrentHashes) {
    if (maxConcurrentHashes < 1 || maxConcurrentHashes > MAX_CONCURRENT_HASHES) {
      throw new IllegalArgumentException("maxConcurrentHashes must be 1 to " + MAX_CONCURRENT_HASHES + ", got "
          + maxConcurrentHashes);
    }
    return new LoginSettings(deviceKey, successLimit, maxConcurrentHashes);
  }

  /** Whether {@code LOGIN_DEVICE_KEY} is set: if not, each instance signs device cookies with its own random key. */
  public boolean sharedDeviceKey() {
    return deviceKey != null;
  }

  /**
   * The device cookie, with the attributes of {@code session}: signed with the shared key, or with a random key of
   * this instance when there is none.
   */
  public DeviceCookie deviceCookie(SessionCookie session) {
    DeviceCookie.Builder builder = DeviceCookie.builder().like(session);
    return (deviceKey == null ? builder.randomKey() : builder.key(deviceKey.getBytes(StandardCharsets.UTF_8))).build();
  }

  /** {@code LOGIN_SUCCESS_LIMIT}. */
  public RateLimit.SlidingWindow successLimit() {
    return successLimit;
  }

  /** {@code BCRYPT_MAX_CONCURRENT}. */
  public int maxConcurrentHashes() {
    return maxConcurrentHashes;
  }

  @Override
  public String toString() {
    return "LoginSettings{device key " + (deviceKey == null ? "random per instance" : "set (not shown)")
        + ", success limit " + successLimit + ", at most " + maxConcurrentHashes + " password checks at once}";
  }
}
