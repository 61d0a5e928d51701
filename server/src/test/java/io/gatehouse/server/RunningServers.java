package io.gatehouse.server;

import io.gatehouse.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The servers one test started, all closed together. Each is configured like production, through
 * {@link ServerConfig#fromEnvironment}, on port 0.
 */
final class RunningServers implements AutoCloseable {

  private final List<GatehouseServer> servers = new ArrayList<>();

  /** The device-cookie key every test server shares, as the instances of one deployment do. */
  static final String DEVICE_KEY = "test-device-key-shared-by-every-instance-0123456789";

  /**
   * The environment of a test server on {@code redisUri}: port 0, plain-HTTP cookies, the test accounts, a short
   * probe interval so recovery is quick, a deadline generous enough that a busy test machine is not an outage, and
   * the shared device-cookie key.
   */
  static Map<String, String> env(String redisUri, String keyPrefix, Path usersFile) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("MANAGEMENT_PORT", "0");
    env.put("REDIS_URL", redisUri);
    env.put("REDIS_KEY_PREFIX", keyPrefix);
    env.put("REDIS_TIMEOUT", "1s");
    env.put("FAILOVER_PROBE_INTERVAL", "100ms");
    env.put("FAILOVER_MAX_PROBE_INTERVAL", "500ms");
    env.put("COOKIE_SECURE", "false");
    env.put("USERS_FILE", usersFile.toString());
    env.put("LOGIN_DEVICE_KEY", DEVICE_KEY);
    return env;
  }

  /** The environment of a test server that keeps everything in memory ({@code REDIS_ENABLED=false}). */
  static Map<String, String> memoryOnly(Path usersFile, Map<String, String> extra) {
    Map<String, String> env = env("redis://127.0.0.1:1", "unused:", usersFile);
    env.put("REDIS_ENABLED", "false");
    env.putAll(extra);
    return env;
  }

  /** A key prefix no other test uses, so tests sharing one Redis never see each other's keys. */
  static String uniquePrefix() {
    return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  GatehouseServer start(Map<String, String> env) {
    GatehouseServer server = GatehouseServer.start(ServerConfig.fromEnvironment(env));
    servers.add(server);
    return server;
  }

  @Override
  public void close() {
    for (GatehouseServer server : servers) {
      server.close();
    }
    servers.clear();
  }
}
