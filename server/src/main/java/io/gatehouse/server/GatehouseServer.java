package io.gatehouse.server;

import io.gatehouse.StoreUnavailableException;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: its session store and HTTP routes. Start with {@link #start(ServerConfig)}, stop with
 * {@link #close()}.
 */
public final class GatehouseServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatehouseServer.class);

  private final RedisStores redis;
  private final SessionStore sessions;
  private final String storeDescription;
  private final Javalin http;

  private GatehouseServer(RedisStores redis, SessionStore sessions, String storeDescription, Javalin http) {
    this.redis = redis;
    this.sessions = sessions;
    this.storeDescription = storeDescription;
    this.http = http;
  }

  /** Connects the store, starts HTTP, and logs in one line where sessions are kept. */
  public static GatehouseServer start(ServerConfig config) {
    SessionConfig sessionConfig = SessionConfig.create();
    RedisStores redis = null;
    SessionStore sessions;
    String description;
    if (!config.redisEnabled()) {
      sessions = SessionStore.inMemory(sessionConfig);
      description = "memory (REDIS_ENABLED=false)";
      LOG.info("Session store: in memory, because REDIS_ENABLED=false; sessions are not shared between instances");
    } else {
      redis = RedisStores.create(config.redis());
      try {
        redis.ping();
        sessions = redis.sessionStore(sessionConfig);
        description = "redis";
        LOG.info("Session store: Redis at {} (key prefix \"{}\")", config.redis().displayUrl(),
            config.redis().keyPrefix());
      } catch (StoreUnavailableException e) {
        redis.close();
        redis = null;
        sessions = SessionStore.inMemory(sessionConfig);
        description = "memory (Redis unavailable)";
        LOG.warn("Session store: in memory, because Redis at {} is unavailable ({}); sessions are not shared "
            + "between instances", config.redis().displayUrl(), e.getMessage());
      }
    }
    String store = description;
    Javalin http = Javalin.create(javalin -> {
      javalin.startup.showJavalinBanner = false;
      javalin.routes.get("/api/health", ctx -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("sessionStore", store);
        ctx.json(body);
      });
    });
    http.start(config.port());
    LOG.info("Gatehouse listening on port {}", http.port());
    return new GatehouseServer(redis, sessions, store, http);
  }

  /** The port HTTP listens on (useful with port 0). */
  public int port() {
    return http.port();
  }

  /** Where sessions are kept, as the health endpoint reports it. */
  public String storeDescription() {
    return storeDescription;
  }

  @Override
  public void close() {
    http.stop();
    sessions.close();
    if (redis != null) {
      redis.close();
    }
  }
}
