package io.gatehouse.redis.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The immutable settings of a {@link RedisServer}: port, persistence, password, TLS, start timeout and extra
 * arguments.
 *
 * <p>Every server gets {@code --bind 127.0.0.1 --daemonize no --save ""}, its own {@code --dir} and {@code --logfile};
 * the settings here add to that. Build with {@link #builder()}, which rejects bad values at once:
 *
 * <pre>{@code
 * RedisServerOptions durable = RedisServerOptions.builder().appendOnly(true).build();
 * RedisServerOptions replica = RedisServerOptions.builder().args("--replicaof", "127.0.0.1", "41234").build();
 * RedisServerOptions secured = RedisServerOptions.builder().password("s3cret").tls(certificates, true).build();
 * }</pre>
 *
 * <p>The password and TLS are settings rather than arguments because the harness's own connections, its readiness
 * {@code PING} and {@link RedisServer#command(String...)}, must use them too.
 */
public final class RedisServerOptions {

  /** How long {@link RedisServer#start()} waits for {@code PONG} unless set otherwise. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);

  private static final List<String> PROCESS_ARGS = List.of("--port", "--daemonize");
  /** Arguments the harness must know about to connect, with the setting to use instead. */
  private static final Map<String, String> CONNECTION_ARGS = Map.of(
      "--tls-port", "use tls(TlsCertificates, boolean), so that the harness connects over TLS",
      "--requirepass", "use password(String), so that the harness authenticates");
  private static final List<String> SECRET_ARGS = List.of("--masterauth", "sentinel-pass");
  /** Unreserved URI characters only: Lettuce does not percent-decode the password of a multi-host sentinel URI. */
  private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9._~-]+");

  private final int port;
  private final boolean appendOnly;
  private final Duration startTimeout;
  private final String password;
  private final TlsCertificates tls;
  private final boolean requireClientCertificate;
  private final List<String> args;

  private RedisServerOptions(Builder builder) {
    this.port = builder.port;
    this.appendOnly = builder.appendOnly;
    this.startTimeout = builder.startTimeout;
    this.password = builder.password;
    this.tls = builder.tls;
    this.requireClientCertificate = builder.requireClientCertificate;
    this.args = List.copyOf(builder.args);
  }

  /** Returns the defaults: a free port, no AOF, a 10 s start timeout, no extra arguments. */
  public static RedisServerOptions defaults() {
    return builder().build();
  }

  /** Returns a builder that starts from the {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the fixed port, or {@code 0} when {@link RedisServer#start()} picks a free one. */
  public int port() {
    return port;
  }

  /** Returns whether the server writes an AOF, fsynced on every write. */
  public boolean appendOnly() {
    return appendOnly;
  }

  /** Returns how long {@link RedisServer#start()} waits for {@code PONG}. */
  public Duration startTimeout() {
    return startTimeout;
  }

  /** Returns the password of the {@code default} user ({@code --requirepass}), which the harness sends with AUTH. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** Returns the certificates when the server listens for TLS only, with its plain port off. */
  public Optional<TlsCertificates> tls() {
    return Optional.ofNullable(tls);
  }

  /** Returns whether a TLS server requires clients to present a certificate signed by its CA. */
  public boolean requireClientCertificate() {
    return requireClientCertificate;
  }

  /** Returns the arguments added after the harness's own; never {@code null}. */
  public List<String> args() {
    return args;
  }

  /** Returns the URI a Redis client connects to: {@code redis[s]://[:password@]127.0.0.1:<port>}. */
  String uri(int port) {
    return (tls == null ? "redis://" : "rediss://") + (password == null ? "" : ":" + password + "@") + RedisServer.HOST
        + ":" + port;
  }

  /** Returns the harness's own client of the server on {@code port}, with the TLS and password it needs. */
  RespClient client(int port) {
    RespClient client = RespClient.of(RedisServer.HOST, port);
    if (tls != null) {
      client = client.withTls(tls.sslContext().getSocketFactory());
    }
    return password == null ? client : client.withAuth(null, password);
  }

  /**
   * Returns the full command line. The config file comes first, as redis-server requires; the extra arguments come
   * last, so they override the harness's defaults.
   */
  List<String> commandLine(Path binary, int port, ServerDirectory directory) {
    List<String> line = new ArrayList<>(List.of(binary.toString(), directory.configFile().toString(),
        "--port", tls == null ? String.valueOf(port) : "0",
        "--bind", RedisServer.HOST,
        "--daemonize", "no",
        "--save", "",
        "--appendonly", appendOnly ? "yes" : "no"));
    if (appendOnly) {
      line.addAll(List.of("--appendfsync", "always"));
    }
    line.addAll(List.of("--dir", directory.path().toString(), "--logfile", directory.log().file().toString()));
    if (tls != null) {
      line.addAll(List.of("--tls-port", String.valueOf(port),
          "--tls-cert-file", tls.serverCertificate().toString(),
          "--tls-key-file", tls.serverKey().toString(),
          "--tls-ca-cert-file", tls.caCertificate().toString(),
          "--tls-auth-clients", requireClientCertificate ? "yes" : "no"));
    }
    if (password != null) {
      line.addAll(List.of("--requirepass", password));
    }
    line.addAll(args);
    return line;
  }

  @Override
  public String toString() {
    return "RedisServerOptions[port=" + (port == 0 ? "free" : port) + ", appendOnly=" + appendOnly + ", password="
        + (password == null ? "none" : "****") + ", tls=" + (tls == null ? "off" : tls + (requireClientCertificate
        ? " requiring client certificates" : "")) + ", startTimeout=" + startTimeout + ", args=" + maskedArgs() + "]";
  }

  /** Returns the arguments with the passwords that topologies pass as arguments replaced by {@code ****}. */
  private List<String> maskedArgs() {
    List<String> masked = new ArrayList<>(args);
    for (int i = 0; i < masked.size(); i++) {
      // --masterauth <password>, --sentinel sentinel-pass <password>, --sentinel auth-pass <master> <password>
      int secret = SECRET_ARGS.contains(masked.get(i)) ? i + 1 : "auth-pass".equals(masked.get(i)) ? i + 2 : -1;
      if (secret > 0 && secret < masked.size()) {
        masked.set(secret, "****");
      }
    }
    return masked;
  }

  /** A builder of {@link RedisServerOptions}; each setter checks its value at once. */
  public static final class Builder {

    private int port;
    private boolean appendOnly;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private String password;
    private TlsCertificates tls;
    private boolean requireClientCertificate;
    private final List<String> args = new ArrayList<>();

    private Builder() {}

    /**
     * Fixes the port instead of picking a free one, for a topology whose config must name ports in advance.
     *
     * @param port 1 to 65535, but never {@value RedisServer#DEFAULT_REDIS_PORT}
     */
    public Builder port(int port) {
      if (port == RedisServer.DEFAULT_REDIS_PORT) {
        throw new IllegalArgumentException("port must not be " + RedisServer.DEFAULT_REDIS_PORT
            + ", the default Redis port, where a real Redis may hold data; leave the port unset to get a free one");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Turns the AOF on ({@code --appendonly yes --appendfsync always}) so data survives {@link RedisServer#kill()}. */
    public Builder appendOnly(boolean appendOnly) {
      this.appendOnly = appendOnly;
      return this;
    }

    /**
     * Sets how long {@link RedisServer#start()} waits for {@code PONG}.
     *
     * @param startTimeout must be positive
     */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = checkPositive("startTimeout", startTimeout);
      return this;
    }

    /**
     * Sets the {@code default} user's password ({@code --requirepass}); the harness then sends {@code AUTH} before each
     * of its commands. {@link RedisServer#uri()} includes it, so do not log that URI outside tests.
     *
     * @param password letters, digits and {@code . _ ~ -} only, which need no escaping in a URI
     */
    public Builder password(String password) {
      this.password = checkPassword("password", password);
      return this;
    }

    /**
     * Makes the server listen for TLS only ({@code --port 0 --tls-port <port>}) with the server certificate of
     * {@code certificates}; the harness connects over TLS, trusting their CA and presenting their client certificate.
     *
     * @param requireClientCertificate {@code true} for {@code --tls-auth-clients yes}, {@code false} for {@code no}
     */
    public Builder tls(TlsCertificates certificates, boolean requireClientCertificate) {
      this.tls = Objects.requireNonNull(certificates, "certificates");
      this.requireClientCertificate = requireClientCertificate;
      return this;
    }

    /**
     * Adds arguments after the harness's own, such as {@code "--cluster-enabled", "yes"}; they override its defaults.
     *
     * @param args must not be {@code null}, nor contain {@code --port} (use {@link #port(int)}), {@code --daemonize}
     *     (the harness must own the process), {@code --tls-port} (use {@link #tls}) or {@code --requirepass} (use
     *     {@link #password})
     */
    public Builder args(String... args) {
      return args(Arrays.asList(args));
    }

    /** Adds arguments like {@link #args(String...)}. */
    public Builder args(List<String> args) {
      for (String arg : args) {
        Objects.requireNonNull(arg, "args must not contain null");
        String name = arg.strip().split("\\s+")[0];
        if (PROCESS_ARGS.contains(name)) {
          throw new IllegalArgumentException("args must not contain \"" + arg + "\"; the harness sets "
              + String.join(" and ", PROCESS_ARGS) + " itself (use port(int) for a fixed port)");
        }
        if (CONNECTION_ARGS.containsKey(name)) {
          throw new IllegalArgumentException("args must not contain \"" + arg + "\"; " + CONNECTION_ARGS.get(name));
        }
      }
      this.args.addAll(args);
      return this;
    }

    /** Returns the options. */
    public RedisServerOptions build() {
      return new RedisServerOptions(this);
    }
  }

  /** Returns {@code duration} if it is positive, named {@code setting} in the message if not. */
  static Duration checkPositive(String setting, Duration duration) {
    Objects.requireNonNull(duration, setting);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive, got " + duration);
    }
    return duration;
  }

  /** Returns {@code password} if it is a usable password, named {@code setting} in the message if not. */
  static String checkPassword(String setting, String password) {
    Objects.requireNonNull(password, setting);
    if (!PASSWORD.matcher(password).matches()) {
      // The value itself stays out of the message: it is a secret, if only a test's.
      throw new IllegalArgumentException(setting + " must be one or more letters, digits and . _ ~ - (which need no"
          + " escaping in a URI); the " + password.length() + "-character value given has other characters");
    }
    return password;
  }
}
