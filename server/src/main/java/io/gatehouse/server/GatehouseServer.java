package io.gatehouse.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.Gatehouse;
import io.gatehouse.console.Console;
import io.gatehouse.console.LimiterNames;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.oidc.JwksStatus;
import io.gatehouse.oidc.login.OidcLogin;
import io.gatehouse.oidc.login.TokenSealer;
import io.gatehouse.oidc.tokens.TokenCipher;
import io.gatehouse.oidc.tokens.TokenKeyRing;
import io.gatehouse.server.auth.Accounts;
import io.gatehouse.server.auth.AuthRoutes;
import io.gatehouse.server.auth.BoundedPasswordChecks;
import io.gatehouse.server.auth.FirstRunPassword;
import io.gatehouse.server.auth.SessionRoutes;
import io.gatehouse.server.config.ServerConfig;
import io.gatehouse.server.console.ConsoleRoutes;
import io.gatehouse.server.health.HealthRoutes;
import io.gatehouse.server.http.ApiRateLimit;
import io.gatehouse.server.http.ErrorResponses;
import io.gatehouse.server.http.RequestIdentity;
import io.gatehouse.server.jwt.JwtBearer;
import io.gatehouse.server.metrics.RequestTimings;
import io.gatehouse.server.metrics.ServerMetrics;
import io.gatehouse.server.oidc.OidcLoginRoutes;
import io.gatehouse.servlet.JsonBody;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.SessionAuthenticator;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.AuthApi;
import io.gatehouse.web.client.ClientAddress;
import io.gatehouse.web.csrf.SameOriginGuard;
import io.gatehouse.web.login.DeviceCookie;
import io.gatehouse.web.login.LoginLimiter;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: a {@link Gatehouse} (sessions and rate limits), accounts, routes and HTTP. The routes are thin
 * Javalin adapters over {@code gatehouse-web}; this class only wires them. Start it with {@link #start(ServerConfig)},
 * stop it with {@link #close()}, which releases the port, the failover probe and the Redis connection.
 *
 * <pre>{@code
 * try (GatehouseServer server = GatehouseServer.start(ServerConfig.builder().port(0).build())) {
 *   URI base = URI.create("http://localhost:" + server.port());
 * }
 * }</pre>
 */
public final class GatehouseServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatehouseServer.class);

  private final Gatehouse gatehouse;
  private final ServerMetrics metrics;
  private final Console console;
  private final JwtBearer jwt;
  private final OidcLogin oidcLogin;
  private final Javalin http;
  private final Javalin management;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean ready;

  private GatehouseServer(ServerConfig config, FirstRunPassword firstRun) {
    Accounts accounts = Accounts.orFirstRunAdmin(config.accounts(), firstRun);
    this.gatehouse = ServerGatehouse.open(config);
    this.metrics = new ServerMetrics(gatehouse::status);
    this.console = Console.builder(gatehouse, new LimiterNames(ServerGatehouse.LOGIN_PER_CLIENT,
        ServerGatehouse.LOGIN_PER_USERNAME, ServerGatehouse.LOGIN_PER_DEVICE, ServerGatehouse.LOGIN_SUCCESSES,
        ServerGatehouse.API)).loginListener(metrics).apiLimitListener(metrics::apiRefused).build();
    this.jwt = config.oidc().map(oidc -> JwtBearer.create(oidc, gatehouse.sessions())).orElse(null);
    this.oidcLogin = config.oidcLogin().map(login -> OidcLogin.create(login, gatehouse.sessions(),
        gatehouse.oneTimeValues(), config.sessionCookie(), gatehouse.sessionConfig().absoluteTimeout(),
        tokenSealer(config))).orElse(null);
    ObjectMapper mapper = new ObjectMapper();
    Optional<Supplier<JwksStatus>> jwks = Optional.ofNullable(jwt).map(j -> j::status);
    HealthRoutes health = new HealthRoutes(gatehouse::status, gatehouse.probe(), gatehouse.location(),
        () -> ready, () -> ready && (jwt == null || jwt.ready()), jwks, mapper, Clock.systemUTC());
    this.http = Javalin.create(javalin -> configure(javalin, config, accounts, health, mapper));
    this.management = Javalin.create(javalin -> configureManagement(javalin, config, health, mapper));
  }

  /**
   * Starts a server on {@code config.port()}. A first-run admin's password, if there is one, is printed when standard
   * output is a terminal, and written to an owner-only file otherwise (see {@link FirstRunPassword}).
   */
  public static GatehouseServer start(ServerConfig config) {
    return start(config, FirstRunPassword.forThisProcess());
  }

  /** Starts a server, printing a first-run admin's password, if any, to {@code terminal}. */
  public static GatehouseServer start(ServerConfig config, PrintStream terminal) {
    return start(config, FirstRunPassword.printTo(terminal));
  }

  /**
   * Starts a server.
   *
   * @param firstRun where a first-run admin's password goes, once, when no accounts are configured
   * @throws io.javalin.util.JavalinBindException if the port is taken; nothing is left open then
   */
  public static GatehouseServer start(ServerConfig config, FirstRunPassword firstRun) {
    GatehouseServer server = new GatehouseServer(config, firstRun);
    try {
      server.http.start();
      server.management.start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    if (server.jwt != null) {
      server.jwt.prewarm();
    }
    if (server.oidcLogin != null) {
      server.oidcLogin.prewarm();
    }
    server.ready = true;
    LOG.info("Gatehouse listening on port {}; /metrics and detailed health on {}:{}", server.port(),
        config.managementHost(), server.managementPort());
    return server;
  }

  private void configure(JavalinConfig javalin, ServerConfig config, Accounts accounts, HealthRoutes health,
      ObjectMapper mapper) {
    Clock clock = Clock.systemUTC();
    javalin.startup.showJavalinBanner = false;
    javalin.startup.showOldJavalinVersionWarning = false;
    javalin.jsonMapper(new JavalinJackson(mapper, false));
    javalin.http.maxRequestSize = ServerConfig.MAX_REQUEST_BYTES;
    javalin.http.prefer405over404 = true;
    javalin.jetty.port = config.port();
    javalin.jetty.modifyHttpConfiguration(httpConfig -> {
      httpConfig.setSendServerVersion(false);
      SlowClients.limit(httpConfig);
    });
    javalin.requestLogger.http(new RequestTimings(metrics));
    new ErrorResponses(mapper).install(javalin);

    SessionCookie cookie = config.sessionCookie();
    Authenticator sessionLink = new SessionAuthenticator(gatehouse.sessions(), cookie, accounts);
    RequestIdentity requests = new RequestIdentity(new ClientAddress(config.trustedProxies()),
        jwt == null ? sessionLink : Authenticator.chain(List.of(sessionLink, jwt.authenticator())),
        console.recorder()::validation);
    LoginLimiter limiter = LoginLimiter.builder()
        .perClient(gatehouse.rateLimiter(ServerGatehouse.LOGIN_PER_CLIENT))
        .perUsername(gatehouse.rateLimiter(ServerGatehouse.LOGIN_PER_USERNAME))
        .perDevice(gatehouse.rateLimiter(ServerGatehouse.LOGIN_PER_DEVICE))
        .successes(gatehouse.rateLimiter(ServerGatehouse.LOGIN_SUCCESSES))
        .deviceCookie(deviceCookie(config, cookie))
        .listener(console.recorder())
        .build();
    AuthApi api = new AuthApi(gatehouse.sessions(), limiter,
        new BoundedPasswordChecks(accounts, config.login().maxConcurrentHashes()), cookie, clock);
    JsonBody body = new JsonBody(mapper, ServerConfig.MAX_REQUEST_BYTES);

    javalin.routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
    SameOriginGuard sameOrigin = config.sameOrigin();
    javalin.routes.before("/api/*", ctx -> requireSameOrigin(sameOrigin, ctx));
    if (config.apiRateLimit().isPresent()) {
      ApiRateLimit limit = new ApiRateLimit(gatehouse.rateLimiter(ServerGatehouse.API), requests,
          console.recorder());
      javalin.routes.before("/api/*", limit::apply);
    }
    new AuthRoutes(api, requests, body, console::loginLimited).register(javalin.routes);
    new SessionRoutes(api, requests).register(javalin.routes);
    if (oidcLogin != null) {
      new OidcLoginRoutes(oidcLogin).register(javalin.routes);
    }
    new ConsoleRoutes(console, requests, body).register(javalin.routes);
    health.registerPublic(javalin.routes);
  }

  /**
   * The management port: {@code /metrics} and detailed health, on loopback by default, so that neither the metrics
   * nor the Redis address and last error reach the public (a proxy rule cannot leak what the port does not serve).
   */
  private void configureManagement(JavalinConfig javalin, ServerConfig config, HealthRoutes health,
      ObjectMapper mapper) {
    javalin.startup.showJavalinBanner = false;
    javalin.startup.showOldJavalinVersionWarning = false;
    javalin.jsonMapper(new JavalinJackson(mapper, false));
    javalin.http.prefer405over404 = true;
    javalin.jetty.host = config.managementHost();
    javalin.jetty.port = config.managementPort();
    javalin.jetty.threadPool = ManagementThreads.create();
    javalin.jetty.modifyHttpConfiguration(httpConfig -> httpConfig.setSendServerVersion(false));
    new ErrorResponses(mapper).install(javalin);
    javalin.routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
    health.registerDetailed(javalin.routes);
    javalin.routes.get("/metrics", ctx -> ctx.contentType(ServerMetrics.CONTENT_TYPE).result(metrics.scrape()));
  }

  /**
   * What encrypts the ID tokens kept for the logout hint: OIDC_TOKEN_KEYS, or else a random key of this instance,
   * said loudly (a logout on another instance, or after a restart, then goes to the provider without the hint).
   */
  private static TokenSealer tokenSealer(ServerConfig config) {
    TokenKeyRing keys = config.oidcTokenKeys().orElseGet(() -> {
      LOG.warn("OIDC_TOKEN_KEYS is not set, so the ID tokens kept for logout are encrypted with a random key of this"
          + " instance: a logout on another instance, or after a restart, reaches the provider without id_token_hint"
          + " (most providers then ask the user to confirm). Set the same OIDC_TOKEN_KEYS on every instance.");
      byte[] key = new byte[TokenKeyRing.KEY_BYTES];
      new SecureRandom().nextBytes(key);
      return TokenKeyRing.builder().key("instance", key).current("instance").build();
    });
    return TokenSealer.encryptedWith(TokenCipher.aesGcm(keys));
  }

  /** The device cookie; without LOGIN_DEVICE_KEY, signed with a key of this instance, and said so loudly. */
  private static DeviceCookie deviceCookie(ServerConfig config, SessionCookie cookie) {
    if (!config.login().sharedDeviceKey()) {
      LOG.warn("LOGIN_DEVICE_KEY is not set, so device cookies are signed with a random key of this instance: other"
          + " instances do not trust them, nor does this one after a restart, and their owners meet the per-username"
          + " login limit like strangers. Set the same LOGIN_DEVICE_KEY on every instance (openssl rand -base64 32){}",
          config.instanceCount() > 1 ? " (INSTANCE_COUNT=" + config.instanceCount() + ")" : "");
    }
    return config.login().deviceCookie(cookie);
  }

  /** Refuses, with 403, a cross-site request that changes state on the strength of the cookie alone. */
  private static void requireSameOrigin(SameOriginGuard guard, Context ctx) {
    if (!guard.allows(RequestIdentity.request(ctx))) {
      throw ApiError.forbidden(SameOriginGuard.REFUSAL);
    }
  }

  /** The port HTTP listens on: the configured one, or the one picked for port 0. */
  public int port() {
    return http.port();
  }

  /** The port of {@code /metrics} and detailed health: the configured one, or the one picked for port 0. */
  public int managementPort() {
    return management.port();
  }

  /** The session store's failover state, as the health endpoints report it. */
  public FailoverStatus failoverStatus() {
    return gatehouse.status();
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
      management.stop();
    } finally {
      try {
        console.close();
        if (jwt != null) {
          jwt.close();
        }
        if (oidcLogin != null) {
          oidcLogin.close();
        }
        gatehouse.close();
      } finally {
        metrics.close();
      }
    }
  }
}
