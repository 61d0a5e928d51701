package io.gatehouse.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.server.auth.Accounts;
import io.gatehouse.server.auth.AuthRoutes;
import io.gatehouse.server.auth.Authenticator;
import io.gatehouse.server.auth.LoginLimiter;
import io.gatehouse.server.auth.SessionCookie;
import io.gatehouse.server.auth.SessionRoutes;
import io.gatehouse.server.health.HealthRoutes;
import io.gatehouse.server.http.ApiRateLimit;
import io.gatehouse.server.http.ClientAddress;
import io.gatehouse.server.http.ErrorResponses;
import io.gatehouse.server.http.JsonBody;
import io.gatehouse.server.http.SameOriginGuard;
import io.gatehouse.server.metrics.ServerMetrics;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: stores, accounts, routes and HTTP. Start it with {@link #start(ServerConfig)}, stop it with
 * {@link #close()}, which releases the port, the failover probe and the Redis connection.
 *
 * <pre>{@code
 * try (GatehouseServer server = GatehouseServer.start(ServerConfig.builder().port(0).build())) {
 *   URI base = URI.create("http://localhost:" + server.port());
 * }
 * }</pre>
 */
public final class GatehouseServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatehouseServer.class);

  private final FailoverStores stores;
  private final ServerMetrics metrics;
  private final Javalin http;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean ready;

  private GatehouseServer(ServerConfig config, PrintStream banner) {
    Accounts accounts = Accounts.orFirstRunAdmin(config.accounts(), banner);
    this.stores = FailoverStores.open(config);
    this.metrics = new ServerMetrics(stores::status);
    this.http = Javalin.create(javalin -> configure(javalin, config, accounts));
  }

  /** Starts a server on {@code config.port()}, printing a first-run admin password, if any, to standard output. */
  public static GatehouseServer start(ServerConfig config) {
    return start(config, System.out);
  }

  /**
   * Starts a server.
   *
   * @param banner where a first-run admin's password is printed, once, when no accounts are configured
   * @throws io.javalin.util.JavalinBindException if the port is taken; nothing is left open then
   */
  public static GatehouseServer start(ServerConfig config, PrintStream banner) {
    GatehouseServer server = new GatehouseServer(config, banner);
    try {
      server.http.start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    server.ready = true;
    LOG.info("Gatehouse listening on port {}", server.port());
    return server;
  }

  private void configure(JavalinConfig javalin, ServerConfig config, Accounts accounts) {
    ObjectMapper mapper = new ObjectMapper();
    Clock clock = Clock.systemUTC();
    javalin.startup.showJavalinBanner = false;
    javalin.startup.showOldJavalinVersionWarning = false;
    javalin.jsonMapper(new JavalinJackson(mapper, false));
    javalin.http.maxRequestSize = ServerConfig.MAX_REQUEST_BYTES;
    javalin.http.prefer405over404 = true;
    javalin.jetty.port = config.port();
    javalin.jetty.modifyHttpConfiguration(httpConfig -> httpConfig.setSendServerVersion(false));
    javalin.requestLogger.http((ctx, ms) -> metrics.request(ctx.method().name(), route(ctx), ctx.statusCode(),
        Duration.ofNanos((long) (ms * 1_000_000))));
    new ErrorResponses(mapper).install(javalin);

    ClientAddress clients = new ClientAddress(config.trustedProxies());
    SessionCookie cookie = new SessionCookie(config.cookieName(), config.cookieSecure());
    Authenticator authenticator = new Authenticator(stores.sessions, cookie);
    LoginLimiter limiter = new LoginLimiter(stores.loginPerIp, stores.loginPerUser, metrics);
    JsonBody body = new JsonBody(mapper, ServerConfig.MAX_REQUEST_BYTES);

    javalin.routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
    javalin.routes.before("/api/*", SameOriginGuard::check);
    stores.api.ifPresent(api -> javalin.routes.before("/api/*", new ApiRateLimit(api, clients, metrics)::apply));
    new AuthRoutes(accounts, stores.sessions, limiter, cookie, clients, body, clock).register(javalin.routes);
    new SessionRoutes(stores.sessions, authenticator, cookie).register(javalin.routes);
    new HealthRoutes(stores::status, stores.probe(), config.redis().displayUrl(), () -> ready, mapper, clock)
        .register(javalin.routes);
    javalin.routes.get("/metrics", ctx -> ctx.contentType(ServerMetrics.CONTENT_TYPE).result(metrics.scrape()));
  }

  /** The route template that served {@code ctx}, or {@code unmatched}: a metrics label of bounded cardinality. */
  private static String route(Context ctx) {
    try {
      Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
      return endpoint == null ? "unmatched" : endpoint.path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  /** The port HTTP listens on: the configured one, or the one picked for port 0. */
  public int port() {
    return http.port();
  }

  /** The session store's failover state, as the health endpoints report it. */
  public FailoverStatus failoverStatus() {
    return stores.status();
  }

  /** Stops HTTP, then the stores, the failover probe and the Redis connection. Safe to call more than once. */
  @Override
  public void close() {
    ready = false;
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      http.stop();
    } finally {
      try {
        stores.close();
      } finally {
        metrics.close();
      }
    }
  }
}
