package io.gatehouse.spring.boot.actuate;

import io.gatehouse.Gatehouse;
import io.gatehouse.spring.boot.autoconfigure.GatehouseAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code gatehouse} health component ({@link GatehouseHealthIndicator}), when Spring Boot's
 * health support is present; {@code management.health.gatehouse.enabled=false} turns it off. Its {@code DEGRADED}
 * status is ordered by {@link HealthStatusOrderDefaults}.
 */
@AutoConfiguration(after = GatehouseAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Gatehouse.class)
@ConditionalOnEnabledHealthIndicator("gatehouse")
public final class GatehouseHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "gatehouseHealthIndicator")
  HealthIndicator gatehouseHealthIndicator(Gatehouse gatehouse) {
    return new GatehouseHealthIndicator(gatehouse);
  }
}
