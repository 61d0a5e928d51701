package io.gatehouse.console;

import io.gatehouse.web.login.LoginLimiter;
import java.util.Objects;

/**
 * The server's rate limiters by what they count, by their names in the {@link io.gatehouse.Gatehouse}: failed logins
 * per client key, per username and per (username, trusted device), successful logins per username, and the API. The
 * console shows and resets limiters by these names, and turns the {@link LoginLimiter}'s own names ({@code login_ip})
 * into them.
 */
public record LimiterNames(String loginPerClient, String loginPerUsername, String loginPerDevice,
    String loginSuccesses, String api) {

  public LimiterNames {
    Objects.requireNonNull(loginPerClient, "loginPerClient");
    Objects.requireNonNull(loginPerUsername, "loginPerUsername");
    Objects.requireNonNull(loginPerDevice, "loginPerDevice");
    Objects.requireNonNull(loginSuccesses, "loginSuccesses");
    Objects.requireNonNull(api, "api");
  }

  /** The limiter that {@link LoginLimiter} reports as {@code limit}. */
  String ofLoginLimit(String limit) {
    return switch (limit) {
      case LoginLimiter.PER_USERNAME -> loginPerUsername;
      case LoginLimiter.PER_DEVICE -> loginPerDevice;
      case LoginLimiter.SUCCESSES -> loginSuccesses;
      default -> loginPerClient;
    };
  }

  /** Whether {@code limiter} counts hashed usernames rather than client keys. */
  boolean countsUsernames(String limiter) {
    return loginPerUsername.equals(limiter) || loginSuccesses.equals(limiter);
  }

  /**
   * Whether {@code limiter} counts a username on one trusted device: its keys name a device nobody can type, so an
   * operator cannot look them up (they clear themselves with the window, or with {@code RATE_LIMIT_WINDOW}).
   */
  boolean countsDevices(String limiter) {
    return loginPerDevice.equals(limiter);
  }
}
