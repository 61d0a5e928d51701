package io.gatehouse.console;

import io.gatehouse.web.login.LoginListener;
import java.time.Duration;
import java.util.Locale;

/**
 * Hears what the application decides (logins, rate-limit refusals, session validations) and tells both the
 * application's own listeners (the reference server's Prometheus metrics) and the console's history and top limited
 * keys, so that the two never count different things.
 */
public final class ConsoleRecorder implements LoginListener {

  private final LoginListener logins;
  private final ApiLimitListener apiLimit;
  private final ConsoleHistory history;
  private final LimitedKeys keys;
  private final LimiterNames names;

  ConsoleRecorder(LoginListener logins, ApiLimitListener apiLimit, ConsoleHistory history, LimitedKeys keys,
      LimiterNames names) {
    this.logins = logins;
    this.apiLimit = apiLimit;
    this.history = history;
    this.keys = keys;
    this.names = names;
  }

  @Override
  public void loginAttempt(LoginOutcome outcome) {
    logins.loginAttempt(outcome);
    history.login(switch (outcome) {
      case SUCCESS -> "ok";
      case FAILURE -> "failed";
      case RATE_LIMITED -> "limited";
    });
  }

  @Override
  public void limitReached(String limit, String key) {
    logins.limitReached(limit, key);
    refused(names.ofLoginLimit(limit), key, false);
  }

  @Override
  public void shadowLimitReached(String limit, String key) {
    logins.shadowLimitReached(limit, key);
    refused(names.ofLoginLimit(limit), key, true);
  }

  /** A request to the API from {@code clientKey} was refused by the API limit, or only reported (shadow). */
  public void apiRefused(String clientKey, boolean shadow) {
    apiLimit.apiRefused(names.api().toLowerCase(Locale.ROOT), shadow);
    refused(names.api(), clientKey, shadow);
  }

  /** A session validation asked the store, and took {@code elapsed}. */
  public void validation(Duration elapsed) {
    history.validation(elapsed);
  }

  private void refused(String limiter, String key, boolean shadow) {
    history.refusal(limiter, shadow);
    keys.refused(limiter, key, shadow);
  }
}
