package io.gatehouse.server.console;

import io.gatehouse.web.login.LoginLimiter;
import java.util.Objects;

/**
 * The server's rate limiters by what they count: which one counts client keys for logins, which one usernames, and
 * which one the API, by their names in the {@link io.gatehouse.Gatehouse}. The console shows and resets limiters by
 * these names, and turns the {@link LoginLimiter}'s own names ({@code login_ip}) into them.
 */
public record LimiterNames(String loginPerClient, String loginPerUsername, String api) {

  public LimiterNames {
    Objects.requireNonNull(loginPerClient, "loginPerClient");
    Objects.requireNonNull(loginPerUsername, "loginPerUsername");
    Objects.requireNonNull(api, "api");
  }

  /** The limiter that {@link LoginLimiter} reports as {@code limit}. */
  String ofLoginLimit(String limit) {
    return LoginLimiter.PER_USERNAME.equals(limit) ? loginPerUsername : loginPerClient;
  }

  /** Whether {@code limiter} counts hashed usernames rather than client keys. */
  boolean countsUsernames(String limiter) {
    return loginPerUsername.equals(limiter);
  }
}
