package io.gatehouse.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code redis-server} process on a loopback port, for integration tests.
 *
 * <p>It listens on {@value #HOST} only, on a free port (never {@value #DEFAULT_REDIS_PORT}, where a developer's own
 * Redis usually runs), with RDB snapshots off, and keeps its files in a temporary directory of its own. Tests can
 * {@link #kill()}, {@link #stop()}, {@link #pause()}, {@link #resume()} and {@link #restart()} it, and send it
 * commands with {@link #command(String...)}:
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.create(RedisServerOptions.builder().appendOnly(true).build()).start()) {
 *   redis.command("SET", "k", "v");
 *   redis.kill();
 *   redis.restart();                       // same port, same directory: the AOF brings "k" back
 *   assertThat(redis.command("GET", "k")).isEqualTo("v");
 * }
 * }</pre>
 *
 * <p>A JVM shutdown hook kills the process if a test never closes the server; nothing can when the JVM itself is
 * killed with {@code SIGKILL}. Lifecycle methods are thread-safe, and {@link #command(String...)} may run
 * concurrently with them.
 */
public final class RedisServer implements AutoCloseable {

  /** The loopback address every server binds to. */
  public static final String HOST = "127.0.0.1";
  /** Redis's default port, which the harness never uses. */
  public static final int DEFAULT_REDIS_PORT = 6379;
  /** The timeout of {@link #command(String...)}, for the connection and for each read. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

  private final RedisServerOptions options;
  private final Thread shutdownHook = new Thread(this::destroyOnShutdown, "redis-server-shutdown");
  private volatile int port;
  private volatile Process process;
  private volatile ServerDirectory directory;
  private boolean paused;
  private boolean closed;

  private RedisServer(RedisServerOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.port = options.port();
  }

  /** Returns a server with the {@link RedisServerOptions#defaults() defaults}, not started yet. */
  public static RedisServer create() {
    return create(RedisServerOptions.defaults());
  }

  /** Returns a server with {@code options}, not started yet; {@link #start()} it, and {@link #close()} it after. */
  public static RedisServer create(RedisServerOptions options) {
    return new RedisServer(options);
  }

  /**
   * Starts the process and returns once it answers {@code PING}.
   *
   * <p>The first start of a server without a fixed port picks a free one; every later start, such as
   * {@link #restart()}, reuses that port and this server's directory.
   *
   * @return this server
   * @throws IllegalStateException if it is running or closed, or does not answer within the start timeout; the
   *     message then ends with the last lines of its log
   */
  public synchronized RedisServer start() {
    if (closed) {
      throw new IllegalStateException("redis-server " + this + " is closed");
    }
    if (isRunning()) {
      throw new IllegalStateException("redis-server " + this + " is already running");
    }
    if (directory == null) {
      directory = ServerDirectory.create();
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    ServerStarter starter = new ServerStarter(options, directory);
    ServerStarter.Started started = port == 0 ? starter.startOnFreePort() : starter.startOn(port);
    port = started.port();
    process = started.process();
    paused = false;
    return this;
  }

  /** Returns the port, chosen by the first {@link #start()} unless the options fixed it. */
  public int port() {
    int current = port;
    if (current == 0) {
      throw new IllegalStateException("redis-server has no port yet: start() chooses a free one");
    }
    return current;
  }

  /** Returns {@value #HOST}, the address the server listens on. */
  public String host() {
    return HOST;
  }

  /**
   * Returns the URI for a Redis client: {@code redis://127.0.0.1:<port>}, with {@code rediss} for a TLS server and
   * {@code :<password>@} before the host for a server with a password.
   */
  public String uri() {
    return options.uri(port());
  }

  /** Returns the process id of the latest process. */
  public long pid() {
    return started().pid();
  }

  /** Returns the working directory, which holds {@code redis.conf}, {@code redis.log} and the AOF files. */
  public Path directory() {
    ServerDirectory current = directory;
    if (current == null) {
      throw new IllegalStateException("redis-server " + this + " has not been started");
    }
    return current.path();
  }

  /** Returns whether the process is alive; a paused process counts as alive. */
  public boolean isRunning() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /** Kills the process with {@code SIGKILL}, as a crash would, and waits for it to exit; does nothing if not running. */
  public synchronized void kill() {
    Process current = process;
    if (current != null && current.isAlive()) {
      destroy(current);
    }
    paused = false;
  }

  /**
   * Stops the process gracefully with {@code SIGTERM}, continuing it first if paused, and waits for it to exit;
   * kills it if that takes longer than 10 s. Does nothing if not running.
   */
  public synchronized void stop() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    if (paused) {
      resume();
    }
    current.destroy();
    if (!awaitExit(current)) {
      destroy(current);
    }
  }

  /** Freezes the process with {@code SIGSTOP}: its port still accepts connections, but nothing answers. */
  public synchronized void pause() {
    ProcessSignals.stop(running("pause").toHandle());
    paused = true;
  }

  /** Continues a {@link #pause() paused} process with {@code SIGCONT}. */
  public synchronized void resume() {
    ProcessSignals.resume(running("resume").toHandle());
    paused = false;
  }

  /**
   * Starts the server again on the same port and directory, so AOF data survives; stops it gracefully first if it
   * is running, and retries while the port is still in use, up to the start timeout.
   *
   * @return this server
   */
  public synchronized RedisServer restart() {
    stop();
    return start();
  }

  /**
   * Sends one command over a new connection and returns the reply, waiting at most 5 s.
   *
   * @return a {@link String} for simple and bulk strings, a {@link Long} for integers, a {@code List<Object>} for
   *     arrays, {@code null} for nil
   * @throws IllegalStateException with the error's text if Redis answers with an error
   * @throws UncheckedIOException if the connection fails or the reply does not come in time
   */
  public Object command(String... args) {
    return command(DEFAULT_COMMAND_TIMEOUT, args);
  }

  /**
   * Sends one command like {@link #command(String...)}, waiting at most {@code timeout} for the connection, the TLS
   * handshake and each read.
   */
  public Object command(Duration timeout, String... args) {
    return send(options.client(port()), timeout, args);
  }

  /**
   * Sends one command like {@link #command(String...)} as the ACL user {@code username}, to test what that user may
   * do; {@link #command(String...)} authenticates as the {@code default} user with the options' password.
   *
   * @throws IllegalStateException with Redis's text, such as {@code WRONGPASS ...} or {@code NOPERM ...}
   */
  public Object commandAs(String username, String password, String... args) {
    RespClient client = options.client(port()).withAuth(Objects.requireNonNull(username, "username"),
        Objects.requireNonNull(password, "password"));
    return send(client, DEFAULT_COMMAND_TIMEOUT, args);
  }

  private Object send(RespClient client, Duration timeout, String... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("a command needs at least its name");
    }
    int target = port();
    try {
      return client.call(timeout, args);
    } catch (SocketTimeoutException e) {
      throw new UncheckedIOException(String.format("\"%s\" to redis://%s:%d timed out after %d ms", args[0], HOST,
          target, timeout.toMillis()), e);
    } catch (IOException e) {
      throw new UncheckedIOException(String.format("\"%s\" to redis://%s:%d failed: %s", args[0], HOST, target,
          e.getMessage()), e);
    }
  }

  /** Returns the version that {@code INFO server} reports, such as {@code 7.0.15}. */
  public String version() {
    return info("server").get("redis_version");
  }

  /** Runs {@code INFO section} and returns its {@code field:value} lines as a map. */
  public Map<String, String> info(String section) {
    return RespClient.infoFields(command("INFO", section));
  }

  /** Kills the process and deletes the directory; the server cannot start again. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      kill();
    } finally {
      if (directory != null) {
        directory.delete();
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
          // The JVM is already shutting down; the hook is running or has run.
        }
      }
    }
  }

  @Override
  public String toString() {
    return HOST + ":" + (port == 0 ? "(free port)" : port) + (directory == null ? "" : " in " + directory);
  }

  private Process started() {
    Process current = process;
    if (current == null) {
      throw new IllegalStateException("redis-server " + this + " has not been started");
    }
    return current;
  }

  private Process running(String action) {
    Process current = started();
    if (!current.isAlive()) {
      throw new IllegalStateException("cannot " + action + " redis-server " + this + ": it is not running");
    }
    return current;
  }

  private static void destroy(Process target) {
    target.destroyForcibly();
    if (!awaitExit(target)) {
      throw new IllegalStateException(String.format("redis-server pid %d did not exit within %d s of SIGKILL",
          target.pid(), EXIT_TIMEOUT.toSeconds()));
    }
  }

  private static boolean awaitExit(Process target) {
    try {
      return target.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server pid " + target.pid() + " to exit", e);
    }
  }

  /** Runs unsynchronized: a test thread may hold the lock while the JVM exits. */
  private void destroyOnShutdown() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
      try {
        current.waitFor(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      directory.delete();
    } catch (UncheckedIOException e) {
      // Nothing can report it this late; the OS cleans its temporary directory eventually.
    }
  }
}
