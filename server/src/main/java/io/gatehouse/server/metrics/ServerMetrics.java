package io.gatehouse.server.metrics;

import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.web.login.LoginLimiter;
import io.gatehouse.web.login.LoginListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The server's metrics, scraped at {@code /metrics} in the Prometheus text format. Deliberately few:
 *
 * <ul>
 *   <li>{@code gatehouse_http_requests_seconds} (count and sum) by method, route template and status;
 *   <li>{@code gatehouse_logins_total} by outcome: {@code success}, {@code failure}, {@code rate_limited};
 *   <li>{@code gatehouse_rate_limit_rejections_total} by limiter: {@code login_ip}, {@code login_user},
 *       {@code login_device} and {@code login_success} (as the {@link LoginLimiter} names its limits), {@code api};
 *   <li>{@code gatehouse_rate_limit_shadow_refusals_total} by limiter: what a limiter in shadow mode would have
 *       refused and let through;
 *   <li>{@code gatehouse_failover_mode} (1 for the current mode, 0 for the others), and the failover counters:
 *       {@code gatehouse_failover_failovers_total}, {@code gatehouse_failover_fallback_calls_total},
 *       {@code gatehouse_failover_pending_write_back}.
 * </ul>
 *
 * <p>Labels come only from route templates and fixed sets, never from client input, so their number stays bounded.
 * The login counters are fed by the {@link LoginLimiter}, to which this is the {@link LoginListener}.
 */
public final class ServerMetrics implements LoginListener, AutoCloseable {

  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  // Micrometer holds gauge state weakly: this field keeps the supplier alive as long as the metrics are.
  private final Supplier<FailoverStatus> status;
  private final Map<RequestLabels, Timer> timers = new ConcurrentHashMap<>();

  /** Registers the failover gauges, read from {@code status} at each scrape. */
  public ServerMetrics(Supplier<FailoverStatus> status) {
    this.status = status;
    for (FailoverMode mode : FailoverMode.values()) {
      Gauge.builder("gatehouse.failover.mode", status, s -> s.get().mode() == mode ? 1 : 0)
          .tag("mode", mode.name())
          .description("1 for the session store's current failover mode, 0 for the others")
          .register(registry);
    }
    FunctionCounter.builder("gatehouse.failover.failovers", status, s -> s.get().failovers())
        .description("switches from Redis to memory").register(registry);
    FunctionCounter.builder("gatehouse.failover.fallback.calls", status, s -> s.get().fallbackCalls())
        .description("calls answered from memory because Redis was away").register(registry);
    Gauge.builder("gatehouse.failover.pending.write.back", status, s -> s.get().pendingWriteBack())
        .description("changes made in memory, waiting to be written to Redis").register(registry);
  }

  /**
   * Counts one HTTP request. The timer of each label set is built once and kept: building and registering one per
   * request (sorting its tags, looking its id up in the registry) was a measurable part of a request's work.
   */
  public void request(String method, String route, int status, Duration elapsed) {
    timers.computeIfAbsent(new RequestLabels(method, route, status), labels -> Timer.builder("gatehouse.http.requests")
        .tag("method", labels.method())
        .tag("route", labels.route())
        .tag("status", Integer.toString(labels.status()))
        .register(registry))
        .record(elapsed);
  }

  /** The labels of one HTTP request timer; their number is bounded (route templates, fixed sets). */
  private record RequestLabels(String method, String route, int status) {}

  /** Counts one login attempt by outcome: {@code success}, {@code failure} or {@code rate_limited}. */
  @Override
  public void loginAttempt(LoginOutcome outcome) {
    Counter.builder("gatehouse.logins").tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry).increment();
  }

  /** Counts one login refused by a limit: one of the {@link LoginLimiter}'s limit names. */
  @Override
  public void limitReached(String limit) {
    rateLimitRejection(limit);
  }

  /** Counts one login that a login limit in shadow mode would have refused, and let through. */
  @Override
  public void shadowLimitReached(String limit, String key) {
    shadowRefusal(limit);
  }

  /** Counts one API request refused by the API limit, or that it would have refused in shadow mode. */
  public void apiRefused(String limiter, boolean shadow) {
    if (shadow) {
      shadowRefusal(limiter);
    } else {
      rateLimitRejection(limiter);
    }
  }

  /** Counts one request refused by a rate limit. */
  public void rateLimitRejection(String limiter) {
    Counter.builder("gatehouse.rate_limit.rejections").tag("limiter", limiter).register(registry).increment();
  }

  /** Counts one request that a limiter in shadow mode would have refused, and let through. */
  public void shadowRefusal(String limiter) {
    Counter.builder("gatehouse.rate_limit.shadow_refusals").tag("limiter", limiter)
        .description("requests a limiter in shadow mode would have refused, and let through")
        .register(registry).increment();
  }

  /** The metrics in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    registry.close();
  }
}
