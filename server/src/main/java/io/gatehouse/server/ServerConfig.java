package io.gatehouse.server;

import io.gatehouse.redis.RedisConfig;
import java.util.Map;
import java.util.Objects;

/**
 * The server's settings, read once from environment variables. A bad value stops start-up with a
 * {@link ConfigException} naming the variable, the value and the accepted form; nothing falls back silently.
 *
 * @param port {@code PORT}: the HTTP port, 0 for any free one
 * @param redisEnabled {@code REDIS_ENABLED}: {@code false} keeps everything in memory, by choice
 * @param redis {@code REDIS_URL}, {@code REDIS_KEY_PREFIX}
 */
public record ServerConfig(int port, boolean redisEnabled, RedisConfig redis) {

  public static final int DEFAULT_PORT = 8000;

  public ServerConfig {
    Objects.requireNonNull(redis, "redis");
  }

  /** Reads the settings from {@code env}, typically {@link System#getenv()}. */
  public static ServerConfig fromEnvironment(Map<String, String> env) {
    int port = integer(env, "PORT", DEFAULT_PORT, 0, 65_535);
    boolean redisEnabled = bool(env, "REDIS_ENABLED", true);
    RedisConfig.Builder redis = RedisConfig.builder();
    String url = env.get("REDIS_URL");
    if (url != null) {
      try {
        redis.url(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("REDIS_URL: " + e.getMessage());
      }
    }
    String prefix = env.get("REDIS_KEY_PREFIX");
    if (prefix != null) {
      try {
        redis.keyPrefix(prefix);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("REDIS_KEY_PREFIX: " + e.getMessage());
      }
    }
    return new ServerConfig(port, redisEnabled, redis.build());
  }

  static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted form
    }
    throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ", got \"" + value + "\"");
  }

  static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null) {
      return fallback;
    }
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1", "on":
        return true;
      case "false", "no", "0", "off":
        return false;
      default:
        throw new ConfigException(name + " must be true or false, got \"" + value + "\"");
    }
  }

  /** A setting that cannot be used; its message names the variable, the value and the accepted form. */
  public static final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(message);
    }
  }
}
