package io.gatehouse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One way of keeping web sessions in Redis, reduced to what a request costs, so the benchmarks can call Gatehouse,
 * its baselines and its peers through the same three methods.
 */
interface SessionContender extends AutoCloseable {

  /** Logs {@code subject} in: creates and stores a session, and returns what the client presents afterwards. */
  String create(String subject);

  /** Checks what a client presented, as each authenticated request does; never returns {@code null}. */
  Object validate(String presented);

  /** Logs the session out. */
  Object revoke(String presented);

  /**
   * How often a failover decorator in this contender switched to memory: a figure measured with a switch is not a
   * PRIMARY-mode figure, and the report says so.
   */
  default long failovers() {
    return 0;
  }

  @Override
  void close();

  /**
   * Creates {@code count} sessions, for subjects {@code user-0} to {@code user-9999} in turn, on 16 threads so
   * that a benchmark's setup stays short; returns what each client would present, in order.
   */
  static String[] createMany(SessionContender contender, int count) {
    String[] presented = new String[count];
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 16));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        done.add(pool.submit(() -> presented[index] = contender.create("user-" + index % 10_000)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating sessions", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating sessions failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return presented;
  }
}
