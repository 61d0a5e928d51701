package io.gatehouse.redis;

import static io.gatehouse.internal.Arguments.requirePositive;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

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
  public static final Duration DEFAULT_REVOCATION_REPLICA_TIMEOUT = Duration.ofMillis(100);

  /** How the Redis deployment is reached. */
  public enum Topology {
    /** One server (possibly with replicas Gatehouse does not use). */
    STANDALONE,
    /** A master found through Sentinel, followed across failovers. */
    SENTINEL,
    /** A Redis Cluster, with topology refresh. */
    CLUSTER
  }

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f:.]+]?");

  private final String url;
  private final String keyPrefix;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final List<HostAndPort> clusterNodes;
  private final RedisTls tls;
  private final KeyManagerFactory tlsKeyManagers;
  private final TrustManagerFactory tlsTrustManagers;
  private final int revocationReplicas;
  private final Duration revocationReplicaTimeout;
  private final String sentinelPassword;

  private RedisConfig(Builder builder) {
    this.url = builder.url;
    this.keyPrefix = builder.keyPrefix;
    this.connectTimeout = builder.connectTimeout;
    this.commandTimeout = builder.commandTimeout;
    this.clusterNodes = builder.clusterNodes;
    this.tls = builder.tls;
    this.tlsKeyManagers = builder.tlsKeyManagers;
    this.tlsTrustManagers = builder.tlsTrustManagers;
    this.revocationReplicas = builder.revocationReplicas;
    this.revocationReplicaTimeout = builder.revocationReplicaTimeout;
    this.sentinelPassword = builder.sentinelPassword;
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
    Builder builder = new Builder().url(url).keyPrefix(keyPrefix).connectTimeout(connectTimeout)
        .commandTimeout(commandTimeout).tls(tls).revocationReplicas(revocationReplicas, revocationReplicaTimeout);
    builder.clusterNodes = clusterNodes;
    builder.sentinelPassword = sentinelPassword;
    builder.tlsKeyManagers = tlsKeyManagers;
    builder.tlsTrustManagers = tlsTrustManagers;
    return builder;
  }

  /** Lettuce's view of the URL, with this config's command timeout applied; a new copy on each call. */
  public RedisURI redisUri() {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(commandTimeout);
    if (sentinelPassword != null) {
      // A password in a redis-sentinel:// URL is the data nodes'; Lettuce takes the sentinels' separately.
      uri.getSentinels().forEach(sentinel -> sentinel.setAuthentication(sentinelPassword.toCharArray()));
    }
    return uri;
  }

  /**
   * Lettuce's URIs of the cluster's seed nodes, each with the URL's credentials and TLS setting; empty unless
   * this is a cluster.
   */
  public List<RedisURI> clusterUris() {
    RedisURI base = redisUri();
    List<RedisURI> uris = new ArrayList<>(clusterNodes.size());
    for (HostAndPort node : clusterNodes) {
      uris.add(RedisURI.builder().withHost(node.host()).withPort(node.port()).withSsl(base)
          .withAuthentication(base).withTimeout(commandTimeout).build());
    }
    return uris;
  }

  /** Standalone, Sentinel (from a {@code redis-sentinel://} URL) or Cluster (when cluster nodes are set). */
  public Topology topology() {
    if (!clusterNodes.isEmpty()) {
      return Topology.CLUSTER;
    }
    return redisUri().getSentinels().isEmpty() ? Topology.STANDALONE : Topology.SENTINEL;
  }

  /** TLS settings, used with {@code rediss://}; ignored when key or trust managers are set. */
  public RedisTls tls() {
    return tls;
  }

  /** This client's TLS certificate as a key manager, if {@code Builder.tls(KeyManagerFactory, ...)} set one. */
  public Optional<KeyManagerFactory> tlsKeyManagers() {
    return Optional.ofNullable(tlsKeyManagers);
  }

  /** What TLS trusts, as a trust manager, if {@code Builder.tls(..., TrustManagerFactory)} set one. */
  public Optional<TrustManagerFactory> tlsTrustManagers() {
    return Optional.ofNullable(tlsTrustManagers);
  }

  /**
   * How many replicas must acknowledge a revocation ({@code WAIT}) before it returns; 0, the default, waits for
   * none. With 1 or more, a Sentinel or Cluster failover right after a revocation cannot bring the session back,
   * at the price of a replica round trip on every revocation. Redis replication is asynchronous, so without it
   * a revocation acknowledged by the master but not yet copied is lost if the master dies in that instant. A
   * revocation not acknowledged in time still stands on the master and is logged (rate-limited), not failed.
   */
  public int revocationReplicas() {
    return revocationReplicas;
  }

  /** How long a revocation waits for its replica acknowledgements. */
  public Duration revocationReplicaTimeout() {
    return revocationReplicaTimeout;
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
    String display = Builder.withoutPassword(url);
    if (clusterNodes.isEmpty()) {
      return display;
    }
    int hostStart = display.lastIndexOf('@') >= 0 ? display.lastIndexOf('@') + 1 : display.indexOf("://") + 3;
    return display.substring(0, hostStart)
        + clusterNodes.stream().map(HostAndPort::toString).collect(java.util.stream.Collectors.joining(","));
  }

  @Override
  public String toString() {
    return "RedisConfig{url=" + displayUrl() + (clusterNodes.isEmpty() ? "" : ", clusterNodes=" + clusterNodes)
        + ", keyPrefix=\"" + keyPrefix + "\", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
        + (revocationReplicas == 0 ? "" : ", revocationReplicas=" + revocationReplicas) + "}";
  }

  /** A cluster seed node. */
  record HostAndPort(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /** Builds a {@link RedisConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private String url = DEFAULT_URL;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private List<HostAndPort> clusterNodes = List.of();
    private RedisTls tls = RedisTls.defaults();
    private KeyManagerFactory tlsKeyManagers;
    private TrustManagerFactory tlsTrustManagers;
    private int revocationReplicas;
    private Duration revocationReplicaTimeout = DEFAULT_REVOCATION_REPLICA_TIMEOUT;
    private String sentinelPassword;

    private Builder() {}

    /**
     * Makes this a Redis Cluster reached through these seed nodes, {@code host:port[,host:port...]}; the URL then
     * only supplies credentials ({@code redis://user:password@any}) and TLS ({@code rediss://}).
     */
    public Builder clusterNodes(String nodes) {
      List<HostAndPort> parsed = new ArrayList<>();
      String problem = nodes == null || nodes.isBlank() ? "no node" : null;
      if (problem == null) {
        for (String node : nodes.split(",")) {
          String trimmed = node.trim();
          int colon = trimmed.lastIndexOf(':');
          String host = colon < 0 ? "" : trimmed.substring(0, colon);
          int port = colon < 0 ? -1 : parsePort(trimmed.substring(colon + 1));
          if (!HOST.matcher(host).matches() || port < 1) {
            problem = "bad node \"" + trimmed + "\"";
            break;
          }
          parsed.add(new HostAndPort(host, port));
        }
      }
      if (problem != null) {
        throw new IllegalArgumentException("Redis cluster nodes must be host:port[,host:port...], got "
            + (nodes == null ? "null" : "\"" + nodes + "\"") + " (" + problem + ")");
      }
      this.clusterNodes = List.copyOf(parsed);
      return this;
    }

    private static int parsePort(String port) {
      try {
        int value = Integer.parseInt(port);
        return value <= 65_535 ? value : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** The sentinels' own password ({@code requirepass} on the sentinels), when it differs from the URL's. */
    public Builder sentinelPassword(String password) {
      this.sentinelPassword = password == null || password.isEmpty() ? null : password;
      return this;
    }

    /** TLS settings for {@code rediss://} URLs. */
    public Builder tls(RedisTls tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * TLS settings for {@code rediss://} URLs as JSSE managers rather than PEM files, for frameworks that hold TLS
     * material in key stores (a Spring Boot SSL bundle). When set, they replace {@link #tls(RedisTls)}.
     *
     * @param keyManagers this client's certificate, or {@code null} for none
     * @param trustManagers what to trust, or {@code null} for the JVM's default trust store
     */
    public Builder tls(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {
      this.tlsKeyManagers = keyManagers;
      this.tlsTrustManagers = trustManagers;
      return this;
    }

    /** Waits for {@code replicas} replicas to acknowledge each revocation, at most {@code timeout}. */
    public Builder revocationReplicas(int replicas, Duration timeout) {
      if (replicas < 0) {
        throw new IllegalArgumentException("revocation replicas must be at least 0, got " + replicas);
      }
      this.revocationReplicas = replicas;
      this.revocationReplicaTimeout = requirePositive("revocation replica timeout", timeout);
      return this;
    }

    /**
     * Where Redis is.
     *
     * @throws IllegalArgumentException if the URL cannot be parsed; the message does not repeat the password
     */
    public Builder url(String url) {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("Redis URL must look like redis://[:password@]host[:port][/database], got "
            + (url == null ? "null" : "\"" + withoutPassword(url) + "\""));
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
        // The parser's own message (and so its cause) quotes the URL, password included: neither is kept.
        throw malformed(url, "not a valid URL");
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

    /**
     * {@code url} with its user information masked, whatever else is wrong with it: everything between the start of
     * the authority (after {@code ://}, or the start when there is none) and the last {@code @} becomes
     * {@code user:****} ({@code :****} without a user), or only {@code ****} when no plain user name can be told
     * apart. Never returns a password, even of a URL that does not parse.
     */
    static String withoutPassword(String url) {
      int start = url.indexOf("://");
      int authority = start < 0 ? 0 : start + 3;
      int at = url.lastIndexOf('@');
      if (at < authority) {
        return url;
      }
      String userInfo = url.substring(authority, at);
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? null : userInfo.substring(0, colon);
      boolean plainUser = user != null && user.matches("[A-Za-z0-9._~-]*");
      return url.substring(0, authority) + (plainUser ? user + ":" : "") + "****" + url.substring(at);
    }
  }
}
