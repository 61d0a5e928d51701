package io.gatehouse.bench;

import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts what one operation costs Redis: its round trips (commands that arrive over the network, seen with
 * {@code MONITOR}) and every command it runs, including those inside Lua scripts ({@code INFO commandstats} before
 * and after).
 *
 * <p>Each case is set up as JMH sets it up, warmed by a few calls (connections made, scripts loaded), then called
 * {@code calls} times on one thread between two {@code ECHO} markers. The census's own {@code INFO} and
 * {@code ECHO} are left out of the counts.
 */
final class CommandCensus {

  /**
   * What one operation costs, on average over the calls counted.
   *
   * @param roundTrips commands that arrived over the network
   * @param commands every command run, including those inside scripts
   * @param redisMicros time Redis spent executing the network commands (scripts included), from commandstats
   * @param perCommand every command run, by name
   * @param perCommandMicros Redis's time in each command, by name (a script's time includes its commands')
   */
  record Count(double roundTrips, double commands, double redisMicros, Map<String, Double> perCommand,
      Map<String, Double> perCommandMicros) {

    /** {@code evalsha 1, hgetall 1, ...}: the commands by name, most frequent first. */
    String breakdown() {
      StringBuilder text = new StringBuilder();
      perCommand.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .forEach(e -> text.append(text.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
              .append(format(e.getValue())));
      return text.toString();
    }

    static String format(double perCall) {
      return Math.abs(perCall - Math.rint(perCall)) < 0.005 ? Long.toString(Math.round(perCall))
          : String.format("%.2f", perCall);
    }
  }

  /** One command's counters in {@code INFO commandstats}. */
  private record Stat(long calls, long micros) {
    Stat plus(Stat other) {
      return new Stat(calls + other.calls, micros + other.micros);
    }
  }

  private static final int BATCHES = 5;

  private static final Pattern COMMAND_STAT =
      Pattern.compile("^cmdstat_([^:]+):calls=(\\d+),usec=(\\d+),", Pattern.MULTILINE);
  /** {@code 1700000000.123456 [0 127.0.0.1:50000] "evalsha" ...}: the command is the first quoted word. */
  private static final Pattern MONITOR_COMMAND = Pattern.compile("] \"([^\"]+)\"");

  private final RedisURI redis;

  CommandCensus(String uri) {
    this.redis = RedisURI.create(uri);
  }

  /**
   * Sets {@code benchmarkCase} up, counts {@code calls} calls of its body twice (once for commandstats, once under
   * {@code MONITOR}, whose own cost would distort the first), and tears it down.
   */
  Count count(BenchmarkCase benchmarkCase, int calls) {
    try (BenchmarkCase.Body body = benchmarkCase.open().get()) {
      for (int i = 0; i < 20; i++) {
        body.call();
      }
      // Calls are counted over every batch; times come from the fastest batch, since a batch during which the
      // shared machine preempted Redis mid-script shows inflated times, never deflated ones.
      Map<String, Stat> delta = new TreeMap<>();
      Map<String, Stat> fastest = null;
      int perBatch = Math.max(1, calls / BATCHES);
      for (int batch = 0; batch < BATCHES; batch++) {
        Map<String, Stat> before = commandStats();
        for (int i = 0; i < perBatch; i++) {
          body.call();
        }
        Map<String, Stat> batchDelta = delta(before, commandStats());
        batchDelta.forEach((name, stat) -> delta.merge(name, stat, Stat::plus));
        if (fastest == null || totalMicros(batchDelta) < totalMicros(fastest)) {
          fastest = batchDelta;
        }
      }
      int counted = perBatch * BATCHES;

      Map<String, Long> network;
      try (Monitor monitor = new Monitor()) {
        monitor.mark("census-start");
        for (int i = 0; i < counted; i++) {
          body.call();
        }
        monitor.mark("census-end");
        monitor.awaitEnd();
        network = monitor.clientCommands();
      }

      Map<String, Double> perCommand = new TreeMap<>();
      Map<String, Double> perCommandMicros = new TreeMap<>();
      long total = 0;
      long micros = 0;
      for (Map.Entry<String, Stat> entry : delta.entrySet()) {
        perCommand.put(entry.getKey(), entry.getValue().calls() / (double) counted);
        total += entry.getValue().calls();
      }
      for (Map.Entry<String, Stat> entry : fastest.entrySet()) {
        perCommandMicros.put(entry.getKey(), entry.getValue().micros() / (double) perBatch);
        if (network.containsKey(entry.getKey())) {
          micros += entry.getValue().micros();
        }
      }
      long roundTrips = network.values().stream().mapToLong(Long::longValue).sum();
      Count count = new Count(roundTrips / (double) counted, total / (double) counted, micros / (double) perBatch,
          perCommand, perCommandMicros);
      BenchmarkRun.log("census %s: %s round trip(s), %s command(s), %.1f µs in Redis: %s", benchmarkCase,
          Count.format(count.roundTrips()), Count.format(count.commands()), count.redisMicros(), count.breakdown());
      return count;
    }
  }

  /** What changed between two snapshots, without the census's own {@code INFO}. */
  private static Map<String, Stat> delta(Map<String, Stat> before, Map<String, Stat> after) {
    Map<String, Stat> delta = new TreeMap<>();
    after.forEach((name, stat) -> {
      Stat old = before.getOrDefault(name, new Stat(0, 0));
      if (!name.equals("info") && stat.calls() > old.calls()) {
        delta.put(name, new Stat(stat.calls() - old.calls(), stat.micros() - old.micros()));
      }
    });
    return delta;
  }

  private static long totalMicros(Map<String, Stat> stats) {
    return stats.values().stream().mapToLong(Stat::micros).sum();
  }

  private Map<String, Stat> commandStats() {
    String reply = Resp.call(redis, "INFO", "commandstats");
    Map<String, Stat> stats = new TreeMap<>();
    Matcher matcher = COMMAND_STAT.matcher(reply);
    while (matcher.find()) {
      stats.put(matcher.group(1), new Stat(Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3))));
    }
    return stats;
  }

  /**
   * A {@code MONITOR} connection that counts the commands arriving from clients between two markers. Lines of
   * commands run by scripts name {@code lua} as their client, and are not round trips.
   */
  private final class Monitor implements AutoCloseable {

    private final Socket socket;
    private final Thread reader;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Map<String, Long> clientCommands = new ConcurrentHashMap<>();
    private volatile IOException failure;

    Monitor() {
      try {
        socket = new Socket(redis.getHost(), redis.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(Resp.encode("MONITOR"));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("MONITOR on " + redis + " failed", e);
      }
      reader = new Thread(this::read, "census-monitor");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      boolean counting = false;
      try {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.contains("\"census-start\"")) {
            counting = true;
            started.countDown();
          } else if (line.contains("\"census-end\"")) {
            ended.countDown();
            return;
          } else if (counting && !line.contains(" lua] ")) {
            Matcher command = MONITOR_COMMAND.matcher(line);
            if (command.find() && !command.group(1).equalsIgnoreCase("info")) {
              clientCommands.merge(command.group(1).toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
          }
        }
      } catch (IOException e) {
        failure = e;
      } finally {
        started.countDown();
        ended.countDown();
      }
    }

    /** Sends a marker, and for the start marker waits until the monitor has seen it (MONITOR is asynchronous). */
    void mark(String marker) {
      long deadline = System.nanoTime() + Resp.TIMEOUT.toNanos();
      if (marker.equals("census-start")) {
        // The monitor may not be registered yet when the first ECHO arrives: repeat until it shows up.
        while (started.getCount() > 0 && System.nanoTime() < deadline) {
          Resp.call(redis, "ECHO", marker);
          await(started, Duration.ofMillis(50));
        }
      } else {
        Resp.call(redis, "ECHO", marker);
      }
    }

    void awaitEnd() {
      if (!await(ended, Resp.TIMEOUT) || failure != null) {
        throw new IllegalStateException("MONITOR on " + redis + " did not see the end marker", failure);
      }
    }

    /** The network commands seen between the markers, by lower-case name. */
    Map<String, Long> clientCommands() {
      return Map.copyOf(clientCommands);
    }

    private boolean await(CountDownLatch latch, Duration timeout) {
      try {
        return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for MONITOR", e);
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
        reader.join(TimeUnit.SECONDS.toMillis(5));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
