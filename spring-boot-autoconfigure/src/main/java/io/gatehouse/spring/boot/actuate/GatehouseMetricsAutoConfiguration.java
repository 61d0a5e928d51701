package io.gatehouse.spring.boot.actuate;

import io.gatehouse.Gatehouse;
import io.gatehouse.spring.boot.autoconfigure.GatehouseAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link GatehouseMetrics} when Micrometer is present: Spring Boot binds it to every meter
 * registry, and the login limit reports to it.
 */
@AutoConfiguration(after = GatehouseAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(Gatehouse.class)
public final class GatehouseMetricsAutoConfiguration {

  @Bean
  GatehouseMetrics gatehouseMetrics(Gatehouse gatehouse) {
    return new GatehouseMetrics(gatehouse);
  }
}
