package io.gatehouse.spring.boot.actuate;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Puts the {@code DEGRADED} status of the {@code gatehouse} health component in the health status order, between
 * {@code OUT_OF_SERVICE} and {@code UP}, as a default the application's own configuration overrides.
 *
 * <p>Why: Spring Boot's aggregation puts a status missing from the order ahead of all others, so an unlisted
 * {@code DEGRADED} would hide a {@code DOWN} database behind an HTTP 200. Listed, a degraded Gatehouse makes the whole
 * {@code DEGRADED} (still 200, the instance serves) and anything {@code DOWN} still wins. An application that sets
 * {@code management.endpoint.health.status.order} itself should list {@code DEGRADED} too.
 */
final class HealthStatusOrderDefaults implements EnvironmentPostProcessor {

  static final String ORDER = "management.endpoint.health.status.order";
  static final String DEFAULT_ORDER = "DOWN,OUT_OF_SERVICE," + GatehouseHealthIndicator.DEGRADED_CODE + ",UP,UNKNOWN";
  private static final String HEALTH = "org.springframework.boot.health.contributor.HealthIndicator";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (ClassUtils.isPresent(HEALTH, application.getClassLoader()) && !environment.containsProperty(ORDER)) {
      environment.getPropertySources().addLast(new MapPropertySource("gatehouseHealthDefaults",
          Map.of(ORDER, DEFAULT_ORDER)));
    }
  }
}
