package io.gatehouse.web.login;

import io.gatehouse.web.HttpRequestView;
import io.gatehouse.web.SessionCookie;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The device cookie: a signed note, set by a successful login, that this browser has logged in as that username
 * before. The {@link LoginLimiter} uses it to tell the account's owner from strangers guessing (OWASP's "Slow Down
 * Online Guessing Attacks with Device Cookies"): the per-username limit applies only to clients without one.
 *
 * <p>The value is {@code <device id>.<issued at, epoch seconds>.<HMAC-SHA256>}, the MAC taken over the username (case
 * folded, as the limiter counts it), the id and the time, under a key that every instance shares. So any instance
 * checks a cookie any other set, without a store round trip, and keeps doing so while Redis is away; the cookie names
 * no user, and proves something only for the username it was set for. It cannot be revoked one by one: it only
 * exempts its holder from the per-username limit (its own per-device limit still applies, and the password is still
 * checked), and changing the key ends them all.
 *
 * <p>Its attributes follow the session cookie's ({@link Builder#like}): {@code HttpOnly}, {@code Secure} and then the
 * {@code __Host-} prefix, {@code SameSite}, {@code Path=/}, and {@code Max-Age} the cookie's lifetime. One browser
 * holds one device cookie: a login as another user replaces it.
 */
public final class DeviceCookie {

  public static final String DEFAULT_NAME = "gatehouse_device";
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
  /** Shortest key accepted: 256 bits, the size of HMAC-SHA256's output. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String MAC = "HmacSHA256";
  private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9_-]{22})\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");
  /** How far in the future an issue time may be, for instances whose clocks differ a little. */
  private static final long SKEW_SECONDS = 300;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;
  private final boolean secure;
  private final SessionCookie.SameSite sameSite;
  private final Duration lifetime;
  private final Clock clock;
  private final SecretKeySpec key;
  private final boolean perInstance;

  private DeviceCookie(Builder b) {
    this.secure = b.secure;
    this.sameSite = b.sameSite;
    this.lifetime = b.lifetime;
    this.clock = b.clock;
    this.key = new SecretKeySpec(b.key, MAC);
    this.perInstance = b.perInstance;
    this.name = b.hostPrefix && secure ? SessionCookie.HOST_PREFIX + b.name : b.name;
  }

  /** Starts a device cookie; {@link Builder#key} or {@link Builder#randomKey} must be given. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name the cookie is sent under, with the {@code __Host-} prefix when it applies. */
  public String name() {
    return name;
  }

  /** How long a device cookie is trusted after the login that set it. */
  public Duration lifetime() {
    return lifetime;
  }

  /** Whether the key is this instance's own ({@link Builder#randomKey}): other instances do not trust its cookies. */
  public boolean perInstance() {
    return perInstance;
  }

  /** The {@code Set-Cookie} value that marks this browser as one that logged in as {@code username}, now. */
  public String setCookie(String username) {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String deviceId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    long issuedAt = clock.instant().getEpochSecond();
    String value = deviceId + "." + issuedAt + "." + mac(username, deviceId, issuedAt);
    return name + "=" + value + "; Path=/; Max-Age=" + lifetime.getSeconds() + "; HttpOnly; SameSite="
        + sameSite.attribute() + (secure ? "; Secure" : "");
  }

  /** The cookie's value in {@code request}, if it carries one, unchecked. */
  public Optional<String> read(HttpRequestView request) {
    return request.cookie(name);
  }

  /**
   * The device id in {@code value}, if it is a device cookie this key signed for {@code username} (in any case) within
   * its lifetime; empty for anything else, including another user's cookie.
   */
  public Optional<String> verify(String value, String username) {
    if (value == null || value.length() > 100) {
      return Optional.empty();
    }
    var parts = VALUE.matcher(value);
    if (!parts.matches()) {
      return Optional.empty();
    }
    long issuedAt = Long.parseLong(parts.group(2));
    long now = clock.instant().getEpochSecond();
    if (issuedAt > now + SKEW_SECONDS || now >= issuedAt + lifetime.getSeconds()) {
      return Optional.empty();
    }
    byte[] expected = mac(username, parts.group(1), issuedAt).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, parts.group(3).getBytes(StandardCharsets.US_ASCII))
        ? Optional.of(parts.group(1)) : Optional.empty();
  }

  private String mac(String username, String deviceId, long issuedAt) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(key);
      String signed = "gatehouse-device-v1\n" + LoginLimiter.usernameKey(username) + "\n" + deviceId + "\n"
          + issuedAt;
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime must provide " + MAC, e);
    }
  }

  /** Names the cookie and its attributes; never the key. */
  @Override
  public String toString() {
    return "DeviceCookie{" + name + ", HttpOnly, SameSite=" + sameSite.attribute() + (secure ? ", Secure" : "")
        + ", lifetime " + lifetime + (perInstance ? ", key of this instance only" : ", shared key") + "}";
  }

  /** Collects the device cookie's settings; {@link #build()} checks them. */
  public static final class Builder {

    private String name = DEFAULT_NAME;
    private boolean secure = true;
    private SessionCookie.SameSite sameSite = SessionCookie.DEFAULT_SAME_SITE;
    private boolean hostPrefix = true;
    private Duration lifetime = DEFAULT_LIFETIME;
    private Clock clock = Clock.systemUTC();
    private byte[] key;
    private boolean perInstance;

    private Builder() {}

    /**
     * The HMAC key, shared by every instance: at least {@value #MIN_KEY_BYTES} bytes of secret, such as the bytes of
     * {@code openssl rand -base64 32}. Changing it distrusts every device cookie set before.
     */
    public Builder key(byte[] key) {
      if (key == null || key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("device cookie key must be at least " + MIN_KEY_BYTES + " bytes, got "
            + (key == null ? "null" : key.length + " bytes"));
      }
      this.key = Arrays.copyOf(key, key.length);
      this.perInstance = false;
      return this;
    }

    /**
     * A random key of this instance alone: for a single instance, or until a shared key is configured. Its cookies
     * are trusted by no other instance, and by this one only until it restarts.
     */
    public Builder randomKey() {
      byte[] random = new byte[MIN_KEY_BYTES];
      RANDOM.nextBytes(random);
      this.key = random;
      this.perInstance = true;
      return this;
    }

    /** Takes {@code Secure} and {@code SameSite} from the session cookie, as the device cookie should. */
    public Builder like(SessionCookie session) {
      return secure(session.secure()).sameSite(session.sameSite());
    }

    /** The cookie's name without a prefix; the same rules as {@link SessionCookie.Builder#name}. */
    public Builder name(String name) {
      SessionCookie.builder().name(name);
      this.name = name;
      return this;
    }

    /** Whether the cookie is {@code Secure} (sent over HTTPS only) and then {@code __Host-} prefixed. */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    public Builder sameSite(SessionCookie.SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    /** Whether a secure cookie's name gets the {@code __Host-} prefix; {@code true} by default. */
    public Builder hostPrefix(boolean hostPrefix) {
      this.hostPrefix = hostPrefix;
      return this;
    }

    /** How long a device stays trusted after a login: one minute to 400 days (browsers cap {@code Max-Age} there). */
    public Builder lifetime(Duration lifetime) {
      if (lifetime == null || lifetime.compareTo(Duration.ofMinutes(1)) < 0
          || lifetime.compareTo(Duration.ofDays(400)) > 0) {
        throw new IllegalArgumentException("device cookie lifetime must be 1 minute to 400 days, got " + lifetime);
      }
      this.lifetime = lifetime;
      return this;
    }

    /** The time source of issue times and lifetimes; tests pass a fake one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @throws IllegalStateException without a key, or for {@code SameSite=None} without {@code Secure}
     */
    public DeviceCookie build() {
      if (key == null) {
        throw new IllegalStateException("device cookie needs key(...), shared by every instance, or randomKey() for "
            + "a single instance");
      }
      if (sameSite == SessionCookie.SameSite.NONE && !secure) {
        throw new IllegalStateException("device cookie SameSite=None needs secure(true): browsers drop a "
            + "SameSite=None cookie that is not Secure");
      }
      return new DeviceCookie(this);
    }
  }
}
