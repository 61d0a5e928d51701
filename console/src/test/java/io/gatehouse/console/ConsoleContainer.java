package io.gatehouse.console;

import io.gatehouse.Gatehouse;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.servlet.GatehouseAuthServlet;
import io.gatehouse.servlet.GatehouseFilter;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.login.DeviceCookie;
import io.gatehouse.web.login.LoginLimiter;
import io.gatehouse.web.login.VerifiedAccount;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A test application in a real Jetty 12 (Jakarta EE 10) container on a free port, set up as the README tells an
 * application to: an in-memory {@link Gatehouse} with the reference server's login limits, the
 * {@link GatehouseFilter} mapped at {@code filterMapping}, the {@link GatehouseAuthServlet} at {@code /auth/*}, and the
 * {@link ConsoleServlet} at {@code /ops/*}. Its accounts: alice and bob are users, root is an admin, all with
 * {@link #PASSWORD}. Closing it stops Jetty, then closes the console and the Gatehouse.
 */
final class ConsoleContainer implements AutoCloseable {

  static final String PASSWORD = "correct horse battery staple";
  /** Five failed logins per 15 minutes, per client and per username, as the reference server's default. */
  static final RateLimit LOGIN = RateLimit.slidingWindow(5, Duration.ofMinutes(15));
  static final SessionCookie COOKIE = SessionCookie.builder().secure(false).build();
  static final LimiterNames NAMES = new LimiterNames("login-ip", "login-user", "login-device", "login-success", "api");

  private static final Map<String, Set<String>> ROLES = Map.of(
      "alice", Set.of("user"), "bob", Set.of("user"), "root", Set.of("admin", "user"));

  private final Gatehouse gatehouse;
  private final Console console;
  private final Server server;
  private final ServerConnector connector;

  private ConsoleContainer(String filterMapping) {
    this.gatehouse = Gatehouse.builder().rateLimit("login-ip", LOGIN).rateLimit("login-user", LOGIN)
        .rateLimit("login-device", LOGIN).rateLimit("login-success", RateLimit.slidingWindow(20,
            Duration.ofMinutes(15))).build();
    this.console = Console.builder(gatehouse, NAMES).build();
    GatehouseFilter filter = GatehouseFilter.builder(gatehouse).cookie(COOKIE).build();
    GatehouseAuthServlet auth = GatehouseAuthServlet.builder(filter)
        .credentials(ConsoleContainer::verify)
        .loginLimiter(LoginLimiter.builder()
            .perClient(gatehouse.rateLimiter("login-ip"))
            .perUsername(gatehouse.rateLimiter("login-user"))
            .perDevice(gatehouse.rateLimiter("login-device"))
            .successes(gatehouse.rateLimiter("login-success"))
            .deviceCookie(DeviceCookie.builder().like(COOKIE)
                .key("console-tests-device-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8)).build())
            .listener(console.recorder())
            .build())
        .build();
    ConsoleServlet page = ConsoleServlet.builder(console, filter).authPath("/auth").build();

    this.server = new Server(new QueuedThreadPool(16, 2));
    this.connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(filter), filterMapping, EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(auth), "/auth/*");
    context.addServlet(new ServletHolder(page), "/ops/*");
    server.setHandler(context);
  }

  /**
   * Starts a container with the filter mapped at {@code filterMapping}: {@code /*} as an application would, or a
   * path that misses {@code /ops/*} to show that the console's servlet stands on its own.
   */
  static ConsoleContainer start(String filterMapping) {
    ConsoleContainer container = new ConsoleContainer(filterMapping);
    try {
      container.server.start();
    } catch (Exception e) {
      container.close();
      throw new IllegalStateException("Jetty did not start", e);
    }
    return container;
  }

  int port() {
    return connector.getLocalPort();
  }

  Gatehouse gatehouse() {
    return gatehouse;
  }

  private static Optional<VerifiedAccount> verify(String username, String password) {
    Set<String> roles = ROLES.get(username);
    return PASSWORD.equals(password) && roles != null
        ? Optional.of(new VerifiedAccount(username, roles)) : Optional.empty();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    } finally {
      console.close();
      gatehouse.close();
    }
  }
}
