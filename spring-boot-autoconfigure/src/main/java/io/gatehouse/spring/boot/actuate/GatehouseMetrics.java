package io.gatehouse.spring.boot.actuate;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.web.login.LoginLimiter;
import io.gatehouse.web.login.LoginListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Gatehouse's Micrometer meters, with the reference server's names, so one dashboard reads both:
 *
 * <ul>
 *   <li>{@code gatehouse.logins} by outcome: {@code success}, {@code failure}, {@code rate_limited};
 *   <li>{@code gatehouse.rate_limit.rejections} by limiter: {@code login_ip}, {@code login_user},
 *       {@code login_device}, {@code login_success};
 *   <li>{@code gatehouse.failover.mode} (1 for the current mode, 0 for the others), and
 *       {@code gatehouse.failover.failovers}, {@code gatehouse.failover.fallback.calls},
 *       {@code gatehouse.failover.pending.write.back}.
 * </ul>
 *
 * <p>The server's {@code gatehouse.http.requests} has no counterpart: Spring's own {@code http.server.requests} times
 * every request. The login meters are fed by the login limit, to which this is the {@link LoginListener}.
 */
final class GatehouseMetrics implements MeterBinder, LoginListener {

  private final Gatehouse gatehouse;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  GatehouseMetrics(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (FailoverMode mode : FailoverMode.values()) {
      Gauge.builder("gatehouse.failover.mode", gatehouse, g -> g.status().mode() == mode ? 1 : 0)
          .tag("mode", mode.name())
          .description("1 for the session store's current failover mode, 0 for the others")
          .register(registry);
    }
    FunctionCounter.builder("gatehouse.failover.failovers", gatehouse, g -> g.status().failovers())
        .description("switches from Redis to memory").register(registry);
    FunctionCounter.builder("gatehouse.failover.fallback.calls", gatehouse, g -> g.status().fallbackCalls())
        .description("calls answered from memory because Redis was away").register(registry);
    Gauge.builder("gatehouse.failover.pending.write.back", gatehouse, g -> g.status().pendingWriteBack())
        .description("changes made in memory, waiting to be written to Redis").register(registry);
    registries.add(registry);
  }

  /** Counts one login attempt by outcome. */
  @Override
  public void loginAttempt(LoginOutcome outcome) {
    for (MeterRegistry registry : registries) {
      Counter.builder("gatehouse.logins").tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
          .description("login attempts by outcome").register(registry).increment();
    }
  }

  /**
   * Counts one login refused by a limit: {@link LoginLimiter#PER_CLIENT}, {@link LoginLimiter#PER_USERNAME},
   * {@link LoginLimiter#PER_DEVICE} or {@link LoginLimiter#SUCCESSES}.
   */
  @Override
  public void limitReached(String limit) {
    for (MeterRegistry registry : registries) {
      Counter.builder("gatehouse.rate_limit.rejections").tag("limiter", limit)
          .description("requests refused by a rate limit").register(registry).increment();
    }
  }
}
