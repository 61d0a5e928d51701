package io.gatehouse.redis.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The immutable settings of a {@link RedisServer}: port, persistence, start timeout and extra arguments.
 *
 * <p>Every server gets {@code --bind 127.0.0.1 --daemonize no --save ""}, its own {@code --dir} and {@code --logfile};
 * the settings here add to that. Build with {@link #builder()}, which rejects bad values at once:
 *
 * <pre>{@code
 * RedisServerOptions durable = RedisServerOptions.builder().appendOnly(true).build();
 * RedisServerOptions replica = RedisServerOptions.builder().args("--replicaof", "127.0.0.1", "41234").build();
 * }</pre>
 */
public final class RedisServerOptions {

  /** How long {@link RedisServer#start()} waits for {@code PONG} unless set otherwise. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);

  private static final List<String> RESERVED_ARGS = List.of("--port", "--daemonize");

  private final int port;
  private final boolean appendOnly;
  private final Duration startTimeout;
  private final List<String> args;

  private RedisServerOptions(Builder builder) {
    this.port = builder.port;
    this.appendOnly = builder.appendOnly;
    this.startTimeout = builder.startTimeout;
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

  /** Returns the arguments added after the harness's own; never {@code null}. */
  public List<String> args() {
    return args;
  }

  /**
   * Returns the full command line. The config file comes first, as redis-server requires; the extra arguments come
   * last, so they override the harness's defaults.
   */
  List<String> commandLine(Path binary, int port, ServerDirectory directory) {
    List<String> line = new ArrayList<>(List.of(binary.toString(), directory.configFile().toString(),
        "--port", String.valueOf(port),
        "--bind", RedisServer.HOST,
        "--daemonize", "no",
        "--save", "",
        "--appendonly", appendOnly ? "yes" : "no"));
    if (appendOnly) {
      line.addAll(List.of("--appendfsync", "always"));
    }
    line.addAll(List.of("--dir", directory.path().toString(), "--logfile", directory.log().file().toString()));
    line.addAll(args);
    return line;
  }

  @Override
  public String toString() {
    return "RedisServerOptions[port=" + (port == 0 ? "free" : port) + ", appendOnly=" + appendOnly + ", startTimeout="
        + startTimeout + ", args=" + args + "]";
  }

  /** A builder of {@link RedisServerOptions}; each setter checks its value at once. */
  public static final class Builder {

    private int port;
    private boolean appendOnly;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
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
      Objects.requireNonNull(startTimeout, "startTimeout");
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * Adds arguments after the harness's own, such as {@code "--cluster-enabled", "yes"}; they override its defaults.
     *
     * @param args must not be {@code null}, nor contain {@code --port} (use {@link #port(int)}) or {@code --daemonize}
     *     (the harness must own the process)
     */
    public Builder args(String... args) {
      return args(Arrays.asList(args));
    }

    /** Adds arguments like {@link #args(String...)}. */
    public Builder args(List<String> args) {
      for (String arg : args) {
        Objects.requireNonNull(arg, "args must not contain null");
        if (RESERVED_ARGS.contains(arg.strip().split("\\s+")[0])) {
          throw new IllegalArgumentException("args must not contain \"" + arg + "\"; the harness sets "
              + String.join(" and ", RESERVED_ARGS) + " itself (use port(int) for a fixed port)");
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
}
