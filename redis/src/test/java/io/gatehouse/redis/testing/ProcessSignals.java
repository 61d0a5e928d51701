package io.gatehouse.redis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends {@code SIGSTOP} and {@code SIGCONT} to a process, which {@link Process} cannot do, by running {@code kill}.
 *
 * <p>{@code kill} returns once the signal is queued, not once it has taken effect, so on Linux these methods also wait
 * until {@code /proc/<pid>/stat} shows the process stopped or running again. Elsewhere they return after {@code kill}.
 */
final class ProcessSignals {

  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STATE_TIMEOUT = Duration.ofSeconds(2);
  private static final long POLL_MILLIS = 5;

  private ProcessSignals() {}

  /** Stops {@code process} with {@code SIGSTOP} and waits until it is stopped. */
  static void stop(ProcessHandle process) {
    send(process, "STOP");
    awaitStopped(process, true);
  }

  /** Continues {@code process} with {@code SIGCONT} and waits until it runs again. */
  static void resume(ProcessHandle process) {
    send(process, "CONT");
    awaitStopped(process, false);
  }

  private static void send(ProcessHandle process, String signal) {
    String command = killCommand() + " -" + signal + " " + process.pid();
    try {
      Process kill = new ProcessBuilder(killCommand(), "-" + signal, String.valueOf(process.pid()))
          .redirectErrorStream(true)
          .start();
      if (!kill.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException(String.format("\"%s\" did not finish within %d s", command,
            KILL_TIMEOUT.toSeconds()));
      }
      if (kill.exitValue() != 0) {
        String output = new String(kill.getInputStream().readAllBytes(), UTF_8).strip();
        throw new IllegalStateException(String.format("\"%s\" exited with code %d: %s", command, kill.exitValue(),
            output));
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.format("cannot run \"%s\": %s", command, e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.format("interrupted while running \"%s\"", command), e);
    }
  }

  /** Prefers an absolute {@code kill}, so that a test run with a trimmed {@code PATH} can still pause servers. */
  private static String killCommand() {
    for (String candidate : new String[] {"/bin/kill", "/usr/bin/kill"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "kill";
  }

  private static void awaitStopped(ProcessHandle process, boolean stopped) {
    Path stat = Path.of("/proc", String.valueOf(process.pid()), "stat");
    long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
    while (process.isAlive() && Files.isReadable(stat)) {
      Character state = stateOf(stat);
      if (state == null || (state == 'T') == stopped) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(String.format("pid %d is in state '%c' %d s after the signal, expected %s",
            process.pid(), state, STATE_TIMEOUT.toSeconds(), stopped ? "stopped ('T')" : "not stopped"));
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for pid " + process.pid() + " to change state", e);
      }
    }
  }

  /** Returns the state letter of {@code /proc/<pid>/stat}, which follows the command name in parentheses. */
  private static Character stateOf(Path stat) {
    try {
      String line = Files.readString(stat);
      int end = line.lastIndexOf(')');
      return end >= 0 && end + 2 < line.length() ? line.charAt(end + 2) : null;
    } catch (IOException e) {
      // The process exited between the checks; there is no state left to wait for.
      return null;
    }
  }
}
