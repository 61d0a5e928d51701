package io.gatehouse.web;

import io.gatehouse.session.CreatedSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The session cookie, as a codec: the {@code Set-Cookie} value that carries a new session, the one that clears it,
 * and reading the token back from a request's {@code Cookie} headers.
 *
 * <p>Secure by default: {@code HttpOnly} always (scripts cannot read the token), {@code SameSite=Lax} (not sent on
 * cross-site POSTs), {@code Secure}, {@code Path=/}, and then the {@code __Host-} name prefix, with which browsers
 * accept the cookie only from this exact host over HTTPS with {@code Path=/} and no {@code Domain}: a subdomain can
 * then not plant a cookie that shadows ours (session fixation). {@code Max-Age} ends with the session's absolute
 * lifetime; the idle timeout is the store's to enforce, which the cookie cannot know about.
 *
 * <pre>{@code
 * SessionCookie cookie = SessionCookie.builder().name("sid").build();   // "__Host-sid", Secure, Lax
 * response.addHeader("Set-Cookie", cookie.setCookie(created, clock.instant()));
 * }</pre>
 */
public final class SessionCookie {

  public static final String DEFAULT_NAME = "gatehouse_session";
  public static final String DEFAULT_PATH = "/";
  public static final SameSite DEFAULT_SAME_SITE = SameSite.LAX;
  /** The prefix browsers reserve for host-only, secure, root-path cookies. */
  public static final String HOST_PREFIX = "__Host-";
  /** Longest {@code Cookie} header line read; a longer one is skipped rather than parsed. */
  public static final int MAX_HEADER_LENGTH = HttpRequestView.MAX_COOKIE_HEADER_LENGTH;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
  private static final Pattern PATH = Pattern.compile("/[\\x21-\\x3A\\x3C-\\x7E]{0,255}");

  /** The {@code SameSite} attribute. */
  public enum SameSite {
    /** Never sent on a cross-site request, not even when the user follows a link here. */
    STRICT("Strict"),
    /** Sent on top-level navigations from other sites, not on their POSTs, frames or fetches. */
    LAX("Lax"),
    /** Sent on every cross-site request; needs {@code Secure}, and the same-origin guard is then the only defence. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
      this.attribute = attribute;
    }

    /** As written in the header: {@code Strict}, {@code Lax} or {@code None}. */
    public String attribute() {
      return attribute;
    }
  }

  private final String name;
  private final boolean secure;
  private final SameSite sameSite;
  private final String path;

  private SessionCookie(Builder b) {
    this.secure = b.secure;
    this.sameSite = b.sameSite;
    this.path = b.path;
    this.name = b.hostPrefix && secure && path.equals("/") ? HOST_PREFIX + b.name : b.name;
  }

  /** The default cookie: {@code __Host-gatehouse_session}, Secure, SameSite=Lax, Path=/. */
  public static SessionCookie create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The name the cookie is sent under, with the {@code __Host-} prefix when it applies. */
  public String name() {
    return name;
  }

  public boolean secure() {
    return secure;
  }

  public SameSite sameSite() {
    return sameSite;
  }

  public String path() {
    return path;
  }

  /** The {@code Set-Cookie} value that hands {@code created}'s token to the browser, until its absolute expiry. */
  public String setCookie(CreatedSession created, Instant now) {
    long maxAge = Math.max(0, Duration.between(now, created.session().absoluteExpiresAt()).getSeconds());
    return name + "=" + created.token().value() + attributes(maxAge);
  }

  /** The {@code Set-Cookie} value that makes the browser drop the cookie. */
  public String clearCookie() {
    return name + "=" + attributes(0);
  }

  private String attributes(long maxAge) {
    return "; Path=" + path + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=" + sameSite.attribute()
        + (secure ? "; Secure" : "");
  }

  /**
   * The cookie's value in the request, if present: as {@link HttpRequestView#cookie}, for this cookie's name.
   * Whatever it holds is returned as is, for the store to reject.
   */
  public Optional<String> read(HttpRequestView request) {
    return request.cookie(name);
  }

  @Override
  public String toString() {
    return "SessionCookie{" + name + ", Path=" + path + ", HttpOnly, SameSite=" + sameSite.attribute()
        + (secure ? ", Secure" : "") + "}";
  }

  /** Collects the cookie's settings; {@link #build()} checks them. */
  public static final class Builder {

    private String name = DEFAULT_NAME;
    private boolean secure = true;
    private SameSite sameSite = DEFAULT_SAME_SITE;
    private String path = DEFAULT_PATH;
    private boolean hostPrefix = true;

    private Builder() {}

    /**
     * The cookie's name, without a prefix: 1 to 64 characters of an RFC 6265 token (letters, digits and
     * {@code !#$%&'*+.^_`|~-}).
     */
    public Builder name(String name) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("cookie name must be 1 to 64 letters, digits or !#$%&'*+.^_`|~-, got "
            + (name == null ? "null" : "\"" + name + "\""));
      }
      if (name.regionMatches(true, 0, "__Host-", 0, 7) || name.regionMatches(true, 0, "__Secure-", 0, 9)) {
        throw new IllegalArgumentException("cookie name must be given without the __Host- or __Secure- prefix, got \""
            + name + "\"; the __Host- prefix is added by hostPrefix(true)");
      }
      this.name = name;
      return this;
    }

    /** Whether the cookie is {@code Secure}, sent over HTTPS only; {@code true} by default. Turn off for plain HTTP. */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    /** The cookie's {@code Path}; {@code /} by default. Any other path turns the {@code __Host-} prefix off. */
    public Builder path(String path) {
      if (path == null || !PATH.matcher(path).matches()) {
        throw new IllegalArgumentException("cookie path must start with / and hold no ';', spaces or control "
            + "characters, got " + (path == null ? "null" : "\"" + path + "\""));
      }
      this.path = path;
      return this;
    }

    /**
     * Whether the name gets the {@code __Host-} prefix when the cookie is {@code Secure} with {@code Path=/}
     * ({@code true} by default). Turn it off only to keep a name that existing clients already send.
     */
    public Builder hostPrefix(boolean hostPrefix) {
      this.hostPrefix = hostPrefix;
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code SameSite=None} is asked for without {@code Secure}, which browsers
     *     refuse
     */
    public SessionCookie build() {
      if (sameSite == SameSite.NONE && !secure) {
        throw new IllegalArgumentException("cookie SameSite=None needs secure(true): browsers drop a SameSite=None "
            + "cookie that is not Secure");
      }
      return new SessionCookie(this);
    }
  }
}
