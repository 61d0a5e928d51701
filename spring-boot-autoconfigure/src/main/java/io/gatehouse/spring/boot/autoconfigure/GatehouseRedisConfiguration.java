package io.gatehouse.spring.boot.autoconfigure;

import io.gatehouse.Gatehouse;
import io.gatehouse.redis.RedisConfig;
import io.gatehouse.redis.RedisStores;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Gatehouse on Redis: its {@link RedisConfig} comes from Spring Boot's Redis connection details (defined here from
 * {@code spring.data.redis.*} when Spring Data Redis is absent and did not define them), and the {@link Gatehouse}
 * opens its own connection with it. An application can define its own {@code RedisConfig} bean instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisStores.class)
@ConditionalOnBooleanProperty(name = "gatehouse.redis.enabled", matchIfMissing = true)
class GatehouseRedisConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnBean(RedisConfig.class)
  Gatehouse gatehouse(GatehouseProperties properties, RedisConfig redis) {
    LettuceVersionCheck.requireSupported();
    return GatehouseAutoConfiguration.open(properties, RedisStores.create(redis));
  }

  /** The Redis settings from Boot's connection details. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(DataRedisConnectionDetails.class)
  @EnableConfigurationProperties(DataRedisProperties.class)
  static class FromConnectionDetails {

    @Bean
    @ConditionalOnMissingBean(DataRedisConnectionDetails.class)
    PropertiesRedisConnectionDetails gatehouseRedisConnectionDetails(DataRedisProperties properties,
        ObjectProvider<SslBundles> sslBundles) {
      return new PropertiesRedisConnectionDetails(properties, sslBundles.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    RedisConfig gatehouseRedisConfig(DataRedisConnectionDetails details, DataRedisProperties redis,
        GatehouseProperties properties) {
      return RedisConnectionMapping.redisConfig(details, redis, properties.getRedis(),
          new GatehouseSettings(properties).failoverConfig().deadline());
    }
  }
}
