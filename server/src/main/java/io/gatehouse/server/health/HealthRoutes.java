package io.gatehouse.server.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.failover.Probe;
import io.gatehouse.oidc.JwksStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The health endpoints. On the public port they tell status only ({@link #registerPublic}); what an attacker could
 * use (the Redis address, the last error, the failover mode and counts) is on the management port only
 * ({@link #registerDetailed}), at the same paths.
 *
 * <ul>
 *   <li>{@code /api/health}: {@code UP}, {@code DEGRADED} (serving from memory) or {@code DOWN}, with components
 *       {@code redis}, {@code db}, {@code sessionStore} and, with JWT bearer tokens, {@code jwks}, in Spring Boot
 *       Actuator's shape; 200 while serving (also {@code DEGRADED} while the JWT keys cannot be had: sessions still
 *       work), 503 only when it cannot serve (shutting down). With
 *       {@code Accept: application/health+json}, the IETF draft's shape ({@code pass}/{@code warn}/{@code fail})
 *       instead.
 *   <li>{@code /api/health/redis}: {@link RedisHealth}; 503 when unhealthy.
 *   <li>{@code /api/health/db}: {@code disabled}: this server uses no database.
 *   <li>{@code /api/health/live}: 200 whenever the process answers; {@code /api/health/ready}: 200 while it accepts
 *       traffic, 503 once it is stopping, and while the JWT keys are not loaded (unless
 *       {@code OIDC_START_WITHOUT_KEYS}). Readiness does not depend on Redis: a degraded instance still serves.
 * </ul>
 */
public final class HealthRoutes {

  static final String HEALTH_JSON = "application/health+json";

  private final Supplier<FailoverStatus> failover;
  private final RedisCheck redis;
  private final BooleanSupplier serving;
  private final BooleanSupplier ready;
  private final Optional<Supplier<JwksStatus>> jwks;
  private final ObjectMapper mapper;
  private final Clock clock;

  /**
   * Creates the routes.
   *
   * @param failover the failover's state, such as {@code gatehouse::status}
   * @param probe sends PING to Redis; empty when Redis is disabled
   * @param redisLocation the Redis URL without its password, as {@code Gatehouse.location()} gives it
   * @param serving whether the server serves at all (false while stopping): {@code /api/health} is DOWN otherwise
   * @param ready whether the server accepts traffic (false while stopping, or waiting for the JWT keys)
   * @param jwks the JWT key set's state; empty without JWT bearer authentication
   */
  public HealthRoutes(Supplier<FailoverStatus> failover, Optional<Probe> probe, String redisLocation,
      BooleanSupplier serving, BooleanSupplier ready, Optional<Supplier<JwksStatus>> jwks, ObjectMapper mapper,
      Clock clock) {
    this.failover = failover;
    this.redis = new RedisCheck(failover, probe, redisLocation);
    this.serving = serving;
    this.ready = ready;
    this.jwks = jwks;
    this.mapper = mapper;
    this.clock = clock;
  }

  /** The public port's endpoints: the same status codes and {@code status} values, no details. */
  public void registerPublic(RoutesConfig routes) {
    routes.get("/api/health", ctx -> {
      String overall = overallStatus(failover.get(), redis.check());
      noCache(ctx);
      ctx.status(overall.equals("DOWN") ? 503 : 200);
      String accept = ctx.header("Accept");
      if (accept != null && accept.contains(HEALTH_JSON)) {
        ctx.contentType(HEALTH_JSON).result(mapper.writeValueAsBytes(Map.of("status", ietfStatus(overall))));
      } else {
        ctx.json(Map.of("status", overall));
      }
    });
    routes.get("/api/health/redis", ctx -> {
      RedisHealth health = redis.check();
      noCache(ctx);
      ctx.status(health.failing() ? 503 : 200).json(Map.of("status", health.status()));
    });
    routes.get("/api/health/db", ctx -> ctx.json(Map.of("status", dbHealth().get("status"))));
    routes.get("/api/health/jwks", ctx -> jwks(ctx, false));
    registerProbes(routes);
  }

  /** The management port's endpoints: every detail, for operators and dashboards. */
  public void registerDetailed(RoutesConfig routes) {
    routes.get("/api/health", this::overall);
    routes.get("/api/health/redis", this::redis);
    routes.get("/api/health/db", ctx -> ctx.json(dbHealth()));
    routes.get("/api/health/jwks", ctx -> jwks(ctx, true));
    registerProbes(routes);
  }

  private void registerProbes(RoutesConfig routes) {
    routes.get("/api/health/live", ctx -> ctx.json(Map.of("status", "UP")));
    routes.get("/api/health/ready", ctx -> {
      boolean up = ready.getAsBoolean();
      ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN"));
    });
  }

  /** The JWT key set: its state, and with {@code details} where from, the last fetch and the last error. */
  private void jwks(Context ctx, boolean details) {
    noCache(ctx);
    if (jwks.isEmpty()) {
      ctx.json(Map.of("status", "DISABLED"));
      return;
    }
    JwksStatus status = jwks.get().get();
    ctx.status(status.keysUsable() ? 200 : 503).json(details ? jwksComponent(status) : Map.of("status",
        status.state().name()));
  }

  private static Map<String, Object> jwksComponent(JwksStatus status) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", status.state().name());
    status.jwksUri().ifPresent(uri -> details.put("jwksUri", uri));
    status.lastSuccessfulFetch().ifPresent(at -> details.put("lastFetch", at.toString()));
    status.failingSince().ifPresent(at -> details.put("failingSince", at.toString()));
    status.lastError().ifPresent(error -> details.put("lastError", error));
    return component(status.keysUsable() ? "UP" : "DOWN", details);
  }

  private String overallStatus(FailoverStatus status, RedisHealth redisHealth) {
    boolean keysMissing = jwks.isPresent() && !jwks.get().get().keysUsable();
    return !serving.getAsBoolean() ? "DOWN"
        : status.mode() == FailoverMode.DEGRADED || status.mode() == FailoverMode.RECOVERING
            || redisHealth.failing() || keysMissing ? "DEGRADED" : "UP";
  }

  private static String ietfStatus(String overall) {
    return overall.equals("UP") ? "pass" : overall.equals("DEGRADED") ? "warn" : "fail";
  }

  void redis(Context ctx) {
    RedisHealth health = redis.check();
    noCache(ctx);
    ctx.status(health.failing() ? 503 : 200).json(health);
  }

  void overall(Context ctx) throws Exception {
    FailoverStatus status = failover.get();
    RedisHealth redisHealth = redis.check();
    String overall = overallStatus(status, redisHealth);
    noCache(ctx);
    ctx.status(overall.equals("DOWN") ? 503 : 200);
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains(HEALTH_JSON)) {
      ctx.contentType(HEALTH_JSON).result(mapper.writeValueAsBytes(ietf(overall, status, redisHealth)));
    } else {
      ctx.json(actuator(overall, status, redisHealth));
    }
  }

  private Map<String, Object> actuator(String overall, FailoverStatus status, RedisHealth redis) {
    Map<String, Object> store = new LinkedHashMap<>();
    store.put("mode", status.mode().name());
    store.put("since", status.since().toString());
    store.put("failovers", status.failovers());
    store.put("fallbackCalls", status.fallbackCalls());
    store.put("pendingWriteBack", status.pendingWriteBack());
    if (status.lastError() != null) {
      store.put("lastError", status.lastError());
    }
    Map<String, Object> redisDetails = new LinkedHashMap<>();
    redisDetails.put("message", redis.message());
    if (redis.latencyMs() != null) {
      redisDetails.put("latencyMs", redis.latencyMs());
    }
    Map<String, Object> components = new LinkedHashMap<>();
    components.put("redis", component(switch (redis.status()) {
      case RedisHealth.HEALTHY -> "UP";
      case RedisHealth.DISABLED -> "DISABLED";
      default -> "DOWN";
    }, redisDetails));
    components.put("db", component("DISABLED", Map.of("message", dbHealth().get("message"))));
    components.put("sessionStore", component(overall.equals("DOWN") ? "DOWN" : "UP", store));
    jwks.ifPresent(keys -> components.put("jwks", jwksComponent(keys.get())));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", overall);
    body.put("components", components);
    return body;
  }

  private Map<String, Object> ietf(String overall, FailoverStatus status, RedisHealth redis) {
    String now = clock.instant().toString();
    Map<String, Object> checks = new LinkedHashMap<>();
    Map<String, Object> redisCheck = new LinkedHashMap<>();
    redisCheck.put("componentType", "datastore");
    redisCheck.put("status", switch (redis.status()) {
      case RedisHealth.HEALTHY, RedisHealth.DISABLED -> "pass";
      default -> "warn";
    });
    if (redis.latencyMs() != null) {
      redisCheck.put("observedValue", redis.latencyMs());
      redisCheck.put("observedUnit", "ms");
    }
    redisCheck.put("output", redis.message());
    redisCheck.put("time", now);
    checks.put("redis:responseTime", List.of(redisCheck));
    Map<String, Object> modeCheck = new LinkedHashMap<>();
    modeCheck.put("componentType", "component");
    modeCheck.put("observedValue", status.mode().name());
    modeCheck.put("status", ietfStatus(overall));
    modeCheck.put("time", now);
    checks.put("sessionStore:mode", List.of(modeCheck));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ietfStatus(overall));
    body.put("version", "1");
    body.put("serviceId", "gatehouse");
    body.put("description", "Gatehouse sessions and rate limits");
    body.put("checks", checks);
    return body;
  }

  private static Map<String, Object> component(String status, Map<String, ?> details) {
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("status", status);
    component.put("details", details);
    return component;
  }

  private static Map<String, String> dbHealth() {
    return Map.of("status", "disabled", "message", "no database is configured: Gatehouse keeps its state in Redis "
        + "and in memory");
  }

  private static void noCache(Context ctx) {
    ctx.header("Cache-Control", "no-store");
  }
}
