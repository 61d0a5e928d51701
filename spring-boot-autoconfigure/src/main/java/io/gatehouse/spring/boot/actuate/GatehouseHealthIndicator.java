package io.gatehouse.spring.boot.actuate;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.failover.Probe;
import io.gatehouse.spi.StoreUnavailableException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code gatehouse} health component: where sessions and rate limits are served from.
 *
 * <ul>
 *   <li>{@code UP} while on Redis (a {@code PING} confirms it at each check), and in memory-only mode by
 *       configuration.
 *   <li>{@value #DEGRADED_CODE} while serving from memory because Redis is away, or while writing back what was
 *       done meanwhile, or when the check's {@code PING} fails: the instance still serves, so the status maps to
 *       HTTP 200 and a load balancer keeps it. The details say since when, and the last error.
 * </ul>
 *
 * <p>While degraded no check waits on Redis: the failover's own probe is already asking.
 */
final class GatehouseHealthIndicator implements HealthIndicator {

  static final String DEGRADED_CODE = "DEGRADED";
  /** Serving from memory: a status of its own, ordered between OUT_OF_SERVICE and UP, answered with HTTP 200. */
  static final Status DEGRADED = new Status(DEGRADED_CODE, "serving sessions and rate limits from memory");

  private final Gatehouse gatehouse;

  GatehouseHealthIndicator(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  @Override
  public Health health() {
    FailoverStatus status = gatehouse.status();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mode", status.mode().name());
    details.put("since", status.since().toString());
    details.put("location", gatehouse.location());
    if (status.lastError() != null) {
      details.put("lastError", status.lastError());
    }
    details.put("failovers", status.failovers());
    details.put("fallbackCalls", status.fallbackCalls());
    details.put("pendingWriteBack", status.pendingWriteBack());
    Status health = switch (status.mode()) {
      case DISABLED -> Status.UP;
      case DEGRADED -> DEGRADED;
      case PRIMARY, RECOVERING -> ping(gatehouse.probe(), details) && status.mode() == FailoverMode.PRIMARY
          ? Status.UP : DEGRADED;
    };
    return Health.status(health).withDetails(details).build();
  }

  private static boolean ping(Optional<Probe> probe, Map<String, Object> details) {
    if (probe.isEmpty()) {
      return true;
    }
    try {
      Duration latency = probe.get().ping();
      details.put("pingMillis", latency.toNanos() / 1_000_000.0);
      return true;
    } catch (StoreUnavailableException e) {
      details.put("ping", e.getMessage());
      return false;
    }
  }
}
