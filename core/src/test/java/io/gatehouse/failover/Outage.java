package io.gatehouse.failover;

import io.gatehouse.spi.StoreUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A switchable outage for core's failover tests: wraps in-memory stores standing in for the primary, which throw
 * {@link StoreUnavailableException} (or stall) while the outage lasts. The Redis ITs use a real redis-server.
 */
final class Outage {

  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicLong stallMillis = new AtomicLong();

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
        check();
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
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
