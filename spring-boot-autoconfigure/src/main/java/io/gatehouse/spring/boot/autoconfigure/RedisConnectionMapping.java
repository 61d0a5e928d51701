package io.gatehouse.spring.boot.autoconfigure;

import io.gatehouse.redis.RedisConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;

/**
 * Turns Spring Boot's Redis connection details (from {@code spring.data.redis.*}, a Testcontainers or Docker Compose
 * service connection, or the application's own bean) into a Gatehouse {@link RedisConfig}: standalone, Sentinel or
 * Cluster, credentials, database, and TLS from the SSL bundle. Gatehouse opens its own connection with these details;
 * the command timeout is the failover deadline, so that a slow Redis is left for memory in time.
 *
 * <p>Not carried over: Spring Data's client settings ({@code timeout}, {@code client-name}, pools), a Sentinel username
 * (Gatehouse authenticates to Sentinel with a password only), and static master/replica setups (Gatehouse writes to
 * one master), which are refused with a failure analysis rather than half-applied.
 */
final class RedisConnectionMapping {

  private RedisConnectionMapping() {}

  /**
   * The Gatehouse Redis settings for {@code details}.
   *
   * @param properties Boot's Redis properties, read only for the TLS scheme of {@code spring.data.redis.url}
   * @throws InvalidGatehousePropertyException for a setup Gatehouse cannot use as configured
   */
  static RedisConfig redisConfig(DataRedisConnectionDetails details, DataRedisProperties properties,
      GatehouseProperties.Redis gatehouse, Duration commandTimeout) {
    SslBundle bundle = details.getSslBundle();
    boolean tls = bundle != null || urlAsksForTls(details, properties);
    String userInfo = userInfo(details.getUsername(), details.getPassword());
    RedisConfig.Builder builder = RedisConfig.builder();
    if (details.getSentinel() != null) {
      DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
      if (sentinel.getUsername() != null && !sentinel.getUsername().isEmpty()) {
        throw new InvalidGatehousePropertyException("spring.data.redis.sentinel.username", sentinel.getUsername(),
            "unset: Gatehouse authenticates to Sentinel with spring.data.redis.sentinel.password only", null);
      }
      builder.url((tls ? "rediss-sentinel://" : "redis-sentinel://") + userInfo + hosts(sentinel.getNodes())
          + "/" + sentinel.getDatabase() + "#" + sentinel.getMaster());
      builder.sentinelPassword(sentinel.getPassword());
    } else if (details.getCluster() != null) {
      List<Node> nodes = details.getCluster().getNodes();
      if (nodes.isEmpty()) {
        throw new InvalidGatehousePropertyException("spring.data.redis.cluster.nodes", "", "at least one host:port",
            null);
      }
      builder.url((tls ? "rediss://" : "redis://") + userInfo + host(nodes.get(0)));
      builder.clusterNodes(hosts(nodes));
    } else if (details.getMasterReplica() != null) {
      throw new InvalidGatehousePropertyException("spring.data.redis.masterreplica.nodes",
          hosts(details.getMasterReplica().getNodes()), "unset for Gatehouse, which writes to one master: point "
              + "spring.data.redis.url at the master or use Sentinel, or define a RedisConfig bean of your own", null);
    } else {
      DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
      builder.url((tls ? "rediss://" : "redis://") + userInfo + host(new Node(standalone.getHost(),
          standalone.getPort())) + "/" + standalone.getDatabase());
    }
    if (bundle != null) {
      builder.tls(bundle.getManagers().getKeyManagerFactory(), bundle.getManagers().getTrustManagerFactory());
    }
    GatehouseSettings.check("gatehouse.redis.key-prefix", gatehouse.getKeyPrefix(), "at most "
        + RedisConfig.MAX_KEY_PREFIX_LENGTH + " characters without braces, spaces or control characters",
        () -> builder.keyPrefix(gatehouse.getKeyPrefix()));
    GatehouseSettings.check("gatehouse.redis.connect-timeout", gatehouse.getConnectTimeout(),
        GatehouseSettings.DURATION, () -> builder.connectTimeout(gatehouse.getConnectTimeout()));
    return builder.commandTimeout(commandTimeout).build();
  }

  /**
   * Whether {@code spring.data.redis.url} is a {@code rediss://} URL for the server these details name. Boot's own
   * connection details do not carry the URL's scheme (Spring Data reads it from the properties too); a service
   * connection that replaced them names another server, so its TLS setting comes from its bundle alone.
   */
  private static boolean urlAsksForTls(DataRedisConnectionDetails details, DataRedisProperties properties) {
    String url = properties.getUrl();
    if (url == null || !url.startsWith("rediss://") || details.getStandalone() == null) {
      return false;
    }
    PropertiesRedisConnectionDetails.ParsedUrl parsed = PropertiesRedisConnectionDetails.ParsedUrl.parse(url);
    return parsed.host().equals(details.getStandalone().getHost())
        && parsed.port() == details.getStandalone().getPort();
  }

  // A username alone cannot authenticate, and Lettuce would read it as a password: it is left out.
  private static String userInfo(String username, String password) {
    if (password == null || password.isEmpty()) {
      return "";
    }
    return (username == null ? "" : encode(username)) + ":" + encode(password) + "@";
  }

  private static String hosts(List<Node> nodes) {
    return nodes.stream().map(RedisConnectionMapping::host).collect(Collectors.joining(","));
  }

  private static String host(Node node) {
    String host = node.host().indexOf(':') >= 0 && !node.host().startsWith("[") ? "[" + node.host() + "]" : node.host();
    return host + ":" + node.port();
  }

  /** Percent-encodes everything but RFC 3986's unreserved characters, so any password survives the URL. */
  private static String encode(String text) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return encoded.toString();
  }

  /** {@code url} with any password replaced, for messages. */
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
