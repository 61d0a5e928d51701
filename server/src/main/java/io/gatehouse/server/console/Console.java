package io.gatehouse.server.console;

import io.gatehouse.Gatehouse;
import io.gatehouse.server.http.RequestIdentity;
import io.gatehouse.server.metrics.ServerMetrics;
import io.gatehouse.servlet.JsonBody;
import io.javalin.config.RoutesConfig;
import java.time.Clock;

/**
 * The operator console of one server: its history, its view of limited keys, the sampler that feeds them, and its
 * routes. The server creates one, hands {@link #recorder()} to whatever decides logins and limits, registers
 * {@link #register the routes}, and closes it on shutdown (which stops the sampler's thread).
 */
public final class Console implements AutoCloseable {

  private final ConsoleHistory history;
  private final LimitedKeys limited;
  private final KnownUsernames usernames = new KnownUsernames();
  private final ConsoleSampler sampler;
  private final ConsoleRecorder recorder;
  private final ConsoleApi api;

  public Console(Gatehouse gatehouse, ServerMetrics metrics, LimiterNames names, Clock clock) {
    this.history = new ConsoleHistory(clock);
    this.limited = new LimitedKeys(clock);
    this.sampler = new ConsoleSampler(gatehouse::status, gatehouse.probe(), history).start();
    this.recorder = new ConsoleRecorder(metrics, history, limited, names);
    this.api = new ConsoleApi(gatehouse, history, sampler, limited, usernames, new LimiterKeys(names));
  }

  /** Hears logins, limits and validations for both the metrics and the console. */
  public ConsoleRecorder recorder() {
    return recorder;
  }

  /** A login for {@code username} was refused by a limit: the console may show the name for its hashed key. */
  public void loginLimited(String username) {
    usernames.refused(username);
  }

  /** Registers the page, its assets and the {@code /api/admin/*} endpoints. */
  public void register(RoutesConfig routes, RequestIdentity requests, JsonBody body) {
    new ConsoleRoutes(api, new ConsolePages(), requests, body).register(routes);
  }

  @Override
  public void close() {
    sampler.close();
  }
}
