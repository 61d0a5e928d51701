package io.gatehouse.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Launches {@code redis-server} processes for one {@link RedisServer} and waits until each answers {@code PING}.
 *
 * <p>How does it start a server, and why? A free port is picked by binding 127.0.0.1:0 and closing the socket just
 * before launch, so another process can take it in between. redis-server then exits logging that the address is in
 * use, and {@link #startOnFreePort()} tries a fresh port, while {@link #startOn(int)}, for a fixed port and for
 * restarts, tries the same port again until the start timeout. Readiness is {@code PING} answering {@code PONG},
 * polled every 10 ms with no fixed sleep, over TLS and after {@code AUTH} when the options say so; {@code INFO}'s
 * {@code process_id} must then be the launched pid, so that a server another test started on a port we lost is never
 * taken for ours. {@code --logfile} and the process's stdout and stderr append to the same file, so errors printed
 * before Redis opens its log (a bad argument) reach the exception message too.
 */
final class ServerStarter {

  /** A launched process and the port it answers on. */
  record Started(Process process, int port) {}

  private static final int FREE_PORT_ATTEMPTS = 5;
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
  private static final long POLL_MILLIS = 10;
  /** EADDRINUSE as glibc ("Address already in use") and musl, in the embedded binary, ("Address in use") word it. */
  private static final Pattern PORT_IN_USE = Pattern.compile("Address (already )?in use");

  private final RedisServerOptions options;
  private final ServerDirectory directory;

  ServerStarter(RedisServerOptions options, ServerDirectory directory) {
    this.options = options;
    this.directory = directory;
  }

  /** Starts on a free port, trying another one when the chosen port is taken before redis-server binds it. */
  Started startOnFreePort() {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      long offset = directory.log().size();
      Process process = launch(port, offset);
      if (process != null) {
        return new Started(process, port);
      }
      if (attempt == FREE_PORT_ATTEMPTS) {
        throw new IllegalStateException(String.format("%d free ports in a row were taken before redis-server could"
            + " bind them, the last %d; %s", FREE_PORT_ATTEMPTS, port, directory.log().tail(offset)));
      }
    }
  }

  /** Starts on {@code port}, retrying while the port is in use, up to the start timeout. */
  Started startOn(int port) {
    long deadline = System.nanoTime() + options.startTimeout().toNanos();
    while (true) {
      long offset = directory.log().size();
      Process process = launch(port, offset);
      if (process != null) {
        return new Started(process, port);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(String.format("port %d stayed in use for %d ms; %s", port,
            options.startTimeout().toMillis(), directory.log().tail(offset)));
      }
      sleep("port " + port + " to be free");
    }
  }

  /** Returns the process once it answers, or {@code null} if it exited because the port was taken. */
  private Process launch(int port, long offset) {
    Path binary = RedisBinary.find().path();
    Path logFile = directory.log().file();
    ProcessBuilder builder = new ProcessBuilder(options.commandLine(binary, port, directory))
        .directory(directory.path().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + binary, e);
    }
    try {
      return awaitPong(process, port, offset) ? process : null;
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private boolean awaitPong(Process process, int port, long offset) {
    long deadline = System.nanoTime() + options.startTimeout().toNanos();
    String lastAnswer = "none";
    while (true) {
      // Liveness first: a probe can outlast the process, as when a foreign listener holds the port and never answers.
      if (!process.isAlive()) {
        if (PORT_IN_USE.matcher(directory.log().since(offset)).find()) {
          return false;
        }
        throw new IllegalStateException(String.format("redis-server on port %d exited with code %d while starting;"
            + " %s", port, process.exitValue(), directory.log().tail(offset)));
      }
      long remaining = deadline - System.nanoTime();
      if (remaining < 0) {
        throw new IllegalStateException(String.format("redis-server on port %d did not answer PING within %d ms (last"
            + " answer: %s); %s", port, options.startTimeout().toMillis(), lastAnswer, directory.log().tail(offset)));
      }
      Duration timeout = Duration.ofNanos(Math.min(remaining, PROBE_TIMEOUT.toNanos()));
      RespClient client = options.client(port);
      try {
        Object pong = client.call(timeout, "PING");
        String pid = RespClient.infoFields(client.call(timeout, "INFO", "server")).get("process_id");
        if ("PONG".equals(pong) && String.valueOf(process.pid()).equals(pid)) {
          return true;
        }
        lastAnswer = String.format("\"%s\" from pid %s, not %d", pong, pid, process.pid());
      } catch (IOException | IllegalStateException e) {
        lastAnswer = e.toString();
      }
      sleep("redis-server on port " + port + " to answer PING");
    }
  }

  /** Returns a loopback port that was free a moment ago, never {@value RedisServer#DEFAULT_REDIS_PORT}. */
  static int freePort() {
    for (int attempt = 0; attempt < 10; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(RedisServer.HOST))) {
        if (socket.getLocalPort() != RedisServer.DEFAULT_REDIS_PORT) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot find a free port on " + RedisServer.HOST, e);
      }
    }
    throw new IllegalStateException("the OS offered port " + RedisServer.DEFAULT_REDIS_PORT + " 10 times in a row");
  }

  private static void sleep(String awaited) {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + awaited, e);
    }
  }
}
