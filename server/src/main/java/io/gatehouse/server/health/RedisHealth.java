package io.gatehouse.server.health;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code /api/health/redis}.
 *
 * @param status {@code healthy}, {@code unhealthy} (unreachable or too slow), {@code disabled}
 *     ({@code REDIS_ENABLED=false}) or {@code error} (the check itself failed unexpectedly)
 * @param message what was found, for people; never contains the Redis password
 * @param latencyMs the PING round trip in milliseconds, when one was made and answered
 * @param mode the session store's failover mode: PRIMARY, DEGRADED, RECOVERING or DISABLED
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RedisHealth(String status, String message, Double latencyMs, String mode) {

  static final String HEALTHY = "healthy";
  static final String UNHEALTHY = "unhealthy";
  static final String DISABLED = "disabled";
  static final String ERROR = "error";

  /** Whether load balancers should see this as a failure (503). */
  boolean failing() {
    return status.equals(UNHEALTHY) || status.equals(ERROR);
  }
}
