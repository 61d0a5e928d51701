package io.gatehouse.spring.boot.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Boot's Redis connection details read from {@code spring.data.redis.*}, for applications without Spring Data Redis,
 * whose auto-configuration would otherwise provide them. Reads the properties the way Spring Boot's own
 * (package-private) adapter does: the URL wins over host, port and credentials; Sentinel, Cluster and static
 * master/replica nodes come from their own properties; SSL is on with {@code ssl.enabled} or an SSL bundle.
 */
final class PropertiesRedisConnectionDetails implements DataRedisConnectionDetails {

  private final DataRedisProperties properties;
  private final SslBundles sslBundles;
  private final ParsedUrl url;

  /**
   * Reads {@code properties}.
   *
   * @param sslBundles the application's SSL bundles, or {@code null} when it has none
   * @throws InvalidGatehousePropertyException if {@code spring.data.redis.url} is not a redis:// or rediss:// URL
   */
  PropertiesRedisConnectionDetails(DataRedisProperties properties, SslBundles sslBundles) {
    this.properties = properties;
    this.sslBundles = sslBundles;
    this.url = properties.getUrl() == null ? null : ParsedUrl.parse(properties.getUrl());
  }

  @Override
  public String getUsername() {
    return url != null ? url.username() : properties.getUsername();
  }

  @Override
  public String getPassword() {
    return url != null ? url.password() : properties.getPassword();
  }

  @Override
  public SslBundle getSslBundle() {
    if (!properties.getSsl().isEnabled()) {
      return null;
    }
    String bundle = properties.getSsl().getBundle();
    if (bundle == null || bundle.isEmpty()) {
      return SslBundle.systemDefault();
    }
    if (sslBundles == null) {
      throw new InvalidGatehousePropertyException("spring.data.redis.ssl.bundle", bundle,
          "the name of an SSL bundle defined under spring.ssl.bundle.*, and none is defined", null);
    }
    return sslBundles.getBundle(bundle);
  }

  @Override
  public Standalone getStandalone() {
    return url != null ? Standalone.of(url.host(), url.port(), url.database())
        : Standalone.of(properties.getHost(), properties.getPort(), properties.getDatabase());
  }

  @Override
  public Sentinel getSentinel() {
    DataRedisProperties.Sentinel sentinel = properties.getSentinel();
    if (sentinel == null) {
      return null;
    }
    int database = getStandalone().getDatabase();
    List<Node> nodes = nodes("spring.data.redis.sentinel.nodes", sentinel.getNodes());
    return new Sentinel() {
      @Override
      public int getDatabase() {
        return database;
      }

      @Override
      public String getMaster() {
        return sentinel.getMaster();
      }

      @Override
      public List<Node> getNodes() {
        return nodes;
      }

      @Override
      public String getUsername() {
        return sentinel.getUsername();
      }

      @Override
      public String getPassword() {
        return sentinel.getPassword();
      }
    };
  }

  @Override
  public Cluster getCluster() {
    DataRedisProperties.Cluster cluster = properties.getCluster();
    if (cluster == null) {
      return null;
    }
    List<Node> nodes = nodes("spring.data.redis.cluster.nodes", cluster.getNodes());
    return () -> nodes;
  }

  @Override
  public MasterReplica getMasterReplica() {
    DataRedisProperties.Masterreplica replicas = properties.getMasterreplica();
    if (replicas == null) {
      return null;
    }
    List<Node> nodes = nodes("spring.data.redis.masterreplica.nodes", replicas.getNodes());
    return () -> nodes;
  }

  private static List<Node> nodes(String property, List<String> nodes) {
    if (nodes == null) {
      return List.of();
    }
    return nodes.stream().map(node -> {
      int colon = node.lastIndexOf(':');
      try {
        return new Node(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
      } catch (RuntimeException e) {
        throw new InvalidGatehousePropertyException(property, String.join(",", nodes),
            "a comma-separated list of host:port", e);
      }
    }).toList();
  }

  /** What a {@code redis://} or {@code rediss://} URL says, as Spring Boot reads it. */
  record ParsedUrl(String host, int port, int database, String username, String password) {

    static ParsedUrl parse(String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw invalid(url);
      }
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
        throw invalid(url);
      }
      String userInfo = uri.getUserInfo();
      String username = null;
      String password = null;
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        username = colon < 0 || colon == 0 ? null : userInfo.substring(0, colon);
        password = colon < 0 ? userInfo : userInfo.substring(colon + 1);
      }
      String path = uri.getPath();
      int database;
      try {
        database = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw invalid(url);
      }
      return new ParsedUrl(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), database, username, password);
    }

    // No cause: the parser's messages repeat the URL, password included.
    private static InvalidGatehousePropertyException invalid(String url) {
      return new InvalidGatehousePropertyException("spring.data.redis.url", RedisConnectionMapping.withoutPassword(url),
          "a URL like redis://[[user]:password@]host[:port][/database], or rediss:// for TLS", null);
    }
  }
}
