package io.gatehouse.web.login;

/**
 * Hears what the {@link LoginLimiter} decides, for metrics and audit logs. Called on the request's thread; must be
 * quick and must not throw. Never given a password or a raw username.
 */
public interface LoginListener {

  /** A listener that does nothing. */
  LoginListener NONE = new LoginListener() {};

  /** A login attempt ended as {@code outcome}. */
  default void loginAttempt(LoginOutcome outcome) {}

  /**
   * An attempt was refused by a limit: before its password was checked, or after it for too many successful logins.
   *
   * @param limit which limit refused it: {@link LoginLimiter#PER_CLIENT}, {@link LoginLimiter#PER_USERNAME},
   *     {@link LoginLimiter#PER_DEVICE} or {@link LoginLimiter#SUCCESSES}
   */
  default void limitReached(String limit) {}

  /** How a login attempt ended. */
  enum LoginOutcome {
    SUCCESS, FAILURE, RATE_LIMITED
  }
}
