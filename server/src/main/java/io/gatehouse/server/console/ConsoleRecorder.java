package io.gatehouse.server.console;

import io.gatehouse.server.metrics.ServerMetrics;
import io.gatehouse.web.login.LoginListener;
import java.time.Duration;
import java.util.Locale;

/**
 * Hears what the server decides (logins, rate-limit refusals, session validations) and tells both the Prometheus
 * metrics and the console's history and top limited keys, so that the two never count different things.
 */
public final class ConsoleRecorder implements LoginListener {

  private final ServerMetrics metrics;
  private final ConsoleHistory history;
  private final LimitedKeys keys;
  private final LimiterNames names;

  ConsoleRecorder(ServerMetrics metrics, ConsoleHistory history, LimitedKeys keys, LimiterNames names) {
    this.metrics = metrics;
    this.history = history;
    this.keys = keys;
    this.names = names;
  }

  @Override
  public void loginAttempt(LoginOutcome outcome) {
    metrics.loginAttempt(outcome);
    history.login(switch (outcome) {
      case SUCCESS -> "ok";
      case FAILURE -> "failed";
      case RATE_LIMITED -> "limited";
    });
  }

  @Override
  public void limitReached(String limit, String key) {
    metrics.limitReached(limit);
    refused(names.ofLoginLimit(limit), key, false);
  }

  @Override
  public void shadowLimitReached(String limit, String key) {
    metrics.shadowRefusal(limit);
    refused(names.ofLoginLimit(limit), key, true);
  }

  /** A request to {@code /api/*} from {@code clientKey} was refused by the API limit, or only reported (shadow). */
  public void apiRefused(String clientKey, boolean shadow) {
    String label = names.api().toLowerCase(Locale.ROOT);
    if (shadow) {
      metrics.shadowRefusal(label);
    } else {
      metrics.rateLimitRejection(label);
    }
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
