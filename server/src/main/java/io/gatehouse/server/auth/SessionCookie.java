package io.gatehouse.server.auth;

import io.gatehouse.session.CreatedSession;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;

/**
 * The session cookie: {@code HttpOnly} (scripts cannot read it), {@code SameSite=Lax} (not sent on cross-site
 * POSTs), {@code Secure} unless {@code COOKIE_SECURE=false}, {@code Path=/}, and a {@code Max-Age} that ends with
 * the session's absolute lifetime (the idle timeout is enforced by the store, which the cookie cannot know about).
 */
public final class SessionCookie {

  /** Longest Cookie header this class reads; a longer one is ignored rather than parsed. */
  static final int MAX_HEADER_LENGTH = 8192;

  private final String name;
  private final boolean secure;

  public SessionCookie(String name, boolean secure) {
    this.name = name;
    this.secure = secure;
  }

  /** Sets the cookie for a session just created. */
  void set(Context ctx, CreatedSession created, Instant now) {
    long maxAge = Math.max(0, Duration.between(now, created.session().absoluteExpiresAt()).getSeconds());
    ctx.res().addHeader("Set-Cookie", name + "=" + created.token().value() + attributes(maxAge));
  }

  /** Tells the browser to drop the cookie. */
  void clear(Context ctx) {
    ctx.res().addHeader("Set-Cookie", name + "=" + attributes(0));
  }

  private String attributes(long maxAge) {
    return "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }

  /** The cookie's value from the request, if present; garbage is returned as is, for the store to reject. */
  Optional<String> read(Context ctx) {
    for (String header : Collections.list(ctx.req().getHeaders("Cookie"))) {
      if (header.length() > MAX_HEADER_LENGTH) {
        continue;
      }
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
          String value = pair.substring(eq + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }
}
