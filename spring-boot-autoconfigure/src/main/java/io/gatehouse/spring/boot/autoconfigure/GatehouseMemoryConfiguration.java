package io.gatehouse.spring.boot.autoconfigure;

import io.gatehouse.Gatehouse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The memory-only Gatehouse, when {@link GatehouseRedisConfiguration} defined none: Redis turned off with
 * {@code gatehouse.redis.enabled=false}, or no Redis support on the classpath. Imported after it, so that its
 * {@code @ConditionalOnMissingBean} sees the Redis one.
 */
@Configuration(proxyBeanMethods = false)
class GatehouseMemoryConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Gatehouse gatehouse(GatehouseProperties properties) {
    return GatehouseAutoConfiguration.open(properties, null);
  }
}
