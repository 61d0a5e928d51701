package io.gatehouse.failover;

import io.gatehouse.spi.StoreUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A switchable outage for core's failover tests: wraps in-memory stores standing in for the primary, which throw
 * {@link StoreUnavailableException} (or stall) while the outage lasts. The Redis ITs use a real redis-server.
 */
final class Outage {

  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicLong stallMillis = new AtomicLong();
  private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

  void begin() {
    down.set(true);
  }

  void end() {
    down.set(false);
  }

  /** Makes every call take this long before answering (a slow primary), or 0 for none. */
  void stall(Duration duration) {
    stallMillis.set(duration.toMillis());
  }

  /** Makes calls to the primary's method of that name wait (without failing) until {@link #release}. */
  void hold(String method) {
    held.put(method, new CountDownLatch(1));
  }

  /** Lets the calls {@link #hold held} at {@code method} go on. */
  void release(String method) {
    CountDownLatch latch = held.remove(method);
    if (latch != null) {
      latch.countDown();
    }
  }

  /** How many calls the wrapped primary's method of that name has had, failed ones included. */
  long calls(String method) {
    AtomicLong count = calls.get(method);
    return count == null ? 0 : count.get();
  }

  Probe probe() {
    return () -> {
      check();
      return Duration.ofMillis(1);
    };
  }

  /** {@code target}, failing while the outage lasts. */
  @SuppressWarnings("unchecked")
  <T> T wrap(Class<T> type, T target) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (method.getDeclaringClass() != Object.class && !method.getName().equals("close")) {
        calls.computeIfAbsent(method.getName(), name -> new AtomicLong()).incrementAndGet();
        check();
        CountDownLatch latch = held.get(method.getName());
        if (latch != null) {
          awaitRelease(latch);
        }
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private static void awaitRelease(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      // The failover was closed while its write-back was held here.
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("primary call interrupted (test outage)", e);
    }
  }

  private void check() {
    long stall = stallMillis.get();
    if (stall > 0) {
      try {
        Thread.sleep(stall);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (down.get()) {
      throw new StoreUnavailableException("primary unavailable (test outage)", null);
    }
  }
}
