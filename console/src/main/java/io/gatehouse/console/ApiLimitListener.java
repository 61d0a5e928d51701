package io.gatehouse.console;

/**
 * Hears requests refused by an application's API rate limit, for its metrics. The console's
 * {@link ConsoleRecorder#apiRefused} calls it beside recording the refusal in its own history. Called on the request's
 * thread; must be quick and must not throw.
 */
@FunctionalInterface
public interface ApiLimitListener {

  /** A listener that does nothing. */
  ApiLimitListener NONE = (limiter, shadow) -> {};

  /**
   * A request was refused by the API limit, or would have been by one in shadow mode.
   *
   * @param limiter the API limiter's name in lower case, as a metric label
   * @param shadow whether the limit only reported the refusal and let the request through
   */
  void apiRefused(String limiter, boolean shadow);
}
