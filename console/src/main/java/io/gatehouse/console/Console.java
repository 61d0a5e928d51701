package io.gatehouse.console;

import io.gatehouse.Gatehouse;
import io.gatehouse.web.login.LoginListener;
import java.time.Clock;
import java.util.Objects;

/**
 * The operator console of one instance: its history, its view of limited keys, the sampler that feeds them, and the
 * answers of its JSON API and pages. An application builds one, hands {@link #recorder()} to whatever decides logins
 * and limits, serves it with a {@link ConsoleServlet} (or, as the reference server, its own framework's routes over
 * {@link #api()} and {@link #pages()}), and closes it on shutdown, which stops the sampler's thread.
 *
 * <pre>{@code
 * Console console = Console.builder(gatehouse, names).build();
 * }</pre>
 */
public final class Console implements AutoCloseable {

  private final ConsoleHistory history;
  private final LimitedKeys limited;
  private final KnownUsernames usernames = new KnownUsernames();
  private final ConsoleSampler sampler;
  private final ConsoleRecorder recorder;
  private final ConsoleApi api;
  private final ConsolePages pages = new ConsolePages();

  private Console(Builder b) {
    this.history = new ConsoleHistory(b.clock);
    this.limited = new LimitedKeys(b.clock);
    this.sampler = new ConsoleSampler(b.gatehouse::status, b.gatehouse.probe(), history).start();
    this.recorder = new ConsoleRecorder(b.logins, b.apiLimit, history, limited, b.names);
    this.api = new ConsoleApi(b.gatehouse, history, sampler, limited, usernames, new LimiterKeys(b.names));
  }

  /**
   * A builder for the console of {@code gatehouse}, whose rate limiters are named as in {@code names}.
   *
   * @param gatehouse must not be {@code null}; the console does not close it
   * @param names must not be {@code null}
   */
  public static Builder builder(Gatehouse gatehouse, LimiterNames names) {
    return new Builder(gatehouse, names);
  }

  /** Hears logins, limits and validations for both the application's listeners and the console. */
  public ConsoleRecorder recorder() {
    return recorder;
  }

  /** A login for {@code username} was refused by a limit: the console may show the name for its hashed key. */
  public void loginLimited(String username) {
    usernames.refused(username);
  }

  /** The answers of the JSON API, for an adapter to a web framework other than the Servlet API. */
  public ConsoleApi api() {
    return api;
  }

  /** The pages and their assets, for an adapter to a web framework other than the Servlet API. */
  public ConsolePages pages() {
    return pages;
  }

  @Override
  public void close() {
    sampler.close();
  }

  /** The console's settings; only the Gatehouse and the limiter names are required. */
  public static final class Builder {

    private final Gatehouse gatehouse;
    private final LimiterNames names;
    private LoginListener logins = LoginListener.NONE;
    private ApiLimitListener apiLimit = ApiLimitListener.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder(Gatehouse gatehouse, LimiterNames names) {
      this.gatehouse = Objects.requireNonNull(gatehouse, "gatehouse");
      this.names = Objects.requireNonNull(names, "names");
    }

    /** Also told every login and login-limit refusal the recorder hears (metrics); none if not set. */
    public Builder loginListener(LoginListener logins) {
      this.logins = Objects.requireNonNull(logins, "logins");
      return this;
    }

    /** Also told every API-limit refusal the recorder hears (metrics); none if not set. */
    public Builder apiLimitListener(ApiLimitListener apiLimit) {
      this.apiLimit = Objects.requireNonNull(apiLimit, "apiLimit");
      return this;
    }

    /** The clock of the history's intervals; the system's UTC clock if not set. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A console whose sampler runs until it is closed. */
    public Console build() {
      return new Console(this);
    }
  }
}
