package io.gatehouse.servlet;

import io.gatehouse.Gatehouse;
import io.gatehouse.web.SessionCookie;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A test application in a real Jetty 12 (Jakarta EE 10) servlet container on a free port, configured in code as an
 * application would: the {@link GatehouseFilter} on every path, requiring a login under {@code /api}; the
 * {@link GatehouseAuthServlet} at {@code /auth/*}; and the application's own {@link WhoAmIServlet} at {@code /api/*}
 * and {@code /public/*}. Closing it stops Jetty, then closes the container's {@link Gatehouse}.
 */
final class TestContainer implements AutoCloseable {

  /** The cookie over plain HTTP: {@code gatehouse_session}, not Secure, so no {@code __Host-} prefix. */
  static final SessionCookie COOKIE = SessionCookie.builder().secure(false).build();
  /** Header lines up to this size reach the application, so that its own limits are what is tested. */
  static final int REQUEST_HEADER_BYTES = 32 * 1024;

  private final Gatehouse gatehouse;
  private final Server server;
  private final ServerConnector connector;
  private final GatehouseFilter filter;

  private TestContainer(Gatehouse gatehouse, String filterMapping, Consumer<GatehouseFilter.Builder> settings) {
    this.gatehouse = gatehouse;
    GatehouseFilter.Builder builder = GatehouseFilter.builder(gatehouse).cookie(COOKIE).requireLogin("/api");
    settings.accept(builder);
    this.filter = builder.build();
    GatehouseAuthServlet auth = GatehouseAuthServlet.builder(filter)
        .credentials(new TestAccounts())
        .loginLimiter(TestGatehouses.loginLimiter(gatehouse, COOKIE))
        .build();

    this.server = new Server(new QueuedThreadPool(16, 2));
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
    http.setSendServerVersion(false);
    this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(filter), filterMapping, EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(auth), "/auth/*");
    context.addServlet(new ServletHolder(new WhoAmIServlet()), "/api/*");
    context.addServlet(new ServletHolder(new WhoAmIServlet()), "/public/*");
    server.setHandler(context);
  }

  /** Starts a container on {@code gatehouse}, which it closes when closed. */
  static TestContainer start(Gatehouse gatehouse) {
    return start(gatehouse, settings -> {});
  }

  /**
   * Starts a container on {@code gatehouse}, which it closes when closed.
   *
   * @param settings changes to the filter's settings, after the cookie and {@code requireLogin("/api")}
   */
  static TestContainer start(Gatehouse gatehouse, Consumer<GatehouseFilter.Builder> settings) {
    return start(gatehouse, "/*", settings);
  }

  /**
   * Starts a container on {@code gatehouse} with the filter mapped to {@code filterMapping} only, such as
   * {@code /api/*}, so that the auth servlet works without it.
   */
  static TestContainer start(Gatehouse gatehouse, String filterMapping, Consumer<GatehouseFilter.Builder> settings) {
    TestContainer container;
    try {
      container = new TestContainer(gatehouse, filterMapping, settings);
    } catch (RuntimeException e) {
      gatehouse.close();
      throw e;
    }
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

  GatehouseFilter filter() {
    return filter;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    } finally {
      gatehouse.close();
    }
  }
}
