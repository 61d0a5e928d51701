package io.gatehouse.redis;

import static io.gatehouse.internal.Arguments.requirePositive;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable settings of the Redis connection: where, under which key prefix, and how long to wait.
 *
 * <pre>{@code
 * RedisConfig config = RedisConfig.builder()
 *     .url("redis://:secret@redis.internal:6379/0")
 *     .keyPrefix("myapp:")
 *     .commandTimeout(Duration.ofMillis(250))
 *     .build();
 * }</pre>
 *
 * <p>URLs: {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://} for TLS, and
 * {@code redis-sentinel://[[user]:password@]host[:port][,host2[:port2]][/database]#masterName} for Sentinel.
 * {@link #toString()} and {@link #displayUrl()} never show the password.
 */
public final class RedisConfig {

  public static final String DEFAULT_URL = "redis://localhost:6379/0";
  public static final String DEFAULT_KEY_PREFIX = "gatehouse:";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);
  /** Longest key prefix accepted. */
  public static final int MAX_KEY_PREFIX_LENGTH = 64;

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f:.]+]?");

  private final String url;
  private final String keyPrefix;
  private final Duration connectTimeout;
  private final Duration commandTimeout;

  private RedisConfig(Builder builder) {
    this.url = builder.url;
    this.keyPrefix = builder.keyPrefix;
    this.connectTimeout = builder.connectTimeout;
    this.commandTimeout = builder.commandTimeout;
  }

  /** The defaults: {@value #DEFAULT_URL}, prefix {@value #DEFAULT_KEY_PREFIX}. */
  public static RedisConfig create() {
    return builder().build();
  }

  /** The defaults with another URL. */
  public static RedisConfig create(String url) {
    return builder().url(url).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this config's values. */
  public Builder mutate() {
    return new Builder().url(url).keyPrefix(keyPrefix).connectTimeout(connectTimeout).commandTimeout(commandTimeout);
  }

  /** Lettuce's view of the URL, with this config's command timeout applied; a new copy on each call. */
  public RedisURI redisUri() {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(commandTimeout);
    return uri;
  }

  /** Prefix of every key Gatehouse writes. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** How long to wait for a TCP connection (and TLS handshake). */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long to wait for any command's reply before declaring Redis unavailable. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** The URL without its password, for logs and health answers. */
  public String displayUrl() {
    return Builder.withoutPassword(url);
  }

  @Override
  public String toString() {
    return "RedisConfig{url=" + displayUrl() + ", keyPrefix=\"" + keyPrefix + "\", connectTimeout=" + connectTimeout
        + ", commandTimeout=" + commandTimeout + "}";
  }

  /** Builds a {@link RedisConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private String url = DEFAULT_URL;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

    private Builder() {}

    /**
     * Where Redis is.
     *
     * @throws IllegalArgumentException if the URL cannot be parsed; the message does not repeat the password
     */
    public Builder url(String url) {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("Redis URL must look like redis://[:password@]host[:port][/database], got "
            + (url == null ? "null" : "\"" + url + "\""));
      }
      String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
      if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-sentinel")
          && !scheme.equals("rediss-sentinel")) {
        throw new IllegalArgumentException("Redis URL must start with redis://, rediss:// or redis-sentinel://, got \""
            + withoutPassword(url) + "\"");
      }
      RedisURI parsed;
      try {
        parsed = RedisURI.create(url);
      } catch (RuntimeException e) {
        throw malformed(url, e.getMessage());
      }
      for (RedisURI node : parsed.getSentinels().isEmpty() ? List.of(parsed) : parsed.getSentinels()) {
        if (node.getHost() == null || !HOST.matcher(node.getHost()).matches()) {
          throw malformed(url, "bad host");
        }
        if (node.getPort() < 1 || node.getPort() > 65_535) {
          throw malformed(url, "bad port");
        }
      }
      this.url = url;
      return this;
    }

    /** Prefix of every key; at most {@value #MAX_KEY_PREFIX_LENGTH} characters, without braces or spaces. */
    public Builder keyPrefix(String keyPrefix) {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      if (keyPrefix.length() > MAX_KEY_PREFIX_LENGTH || keyPrefix.chars().anyMatch(c -> c == '{' || c == '}'
          || Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw new IllegalArgumentException("Redis key prefix must be at most " + MAX_KEY_PREFIX_LENGTH
            + " characters without braces, spaces or control characters, got \"" + keyPrefix + "\"");
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = requirePositive("Redis connect timeout", connectTimeout);
      return this;
    }

    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = requirePositive("Redis command timeout", commandTimeout);
      return this;
    }

    public RedisConfig build() {
      return new RedisConfig(this);
    }

    private static IllegalArgumentException malformed(String url, String reason) {
      return new IllegalArgumentException("Redis URL must look like redis://[:password@]host[:port][/database], got \""
          + withoutPassword(url) + "\" (" + reason + ")");
    }

    /** The URL with any password replaced, for error messages. */
    static String withoutPassword(String url) {
      int at = url.lastIndexOf('@');
      int start = url.indexOf("://");
      if (at < 0 || start < 0 || at < start) {
        return url;
      }
      String userInfo = url.substring(start + 3, at);
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? "" : userInfo.substring(0, colon);
      return url.substring(0, start + 3) + user + ":****" + url.substring(at);
    }
  }
}
