package io.gatehouse.spring.boot.autoconfigure;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.session.SessionStore;
import io.gatehouse.spi.StoreBackend;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.client.ClientAddress;
import io.gatehouse.web.login.DeviceCookie;
import io.gatehouse.nearcache.NearCacheConfig;
import java.lang.System.Logger.Level;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the Gatehouse entry point: a {@link Gatehouse} on the application's Redis
 * ({@code spring.data.redis.*}, through Spring Boot's connection details), or in memory with
 * {@code gatehouse.redis.enabled=false}; its {@link SessionStore}; the session cookie and the client address
 * resolver; the login limit's device cookie. Every bean backs off when the application defines one of the same type.
 *
 * <p>The {@link Gatehouse} bean gives the named rate limiters ({@code rateLimiter(name)}) and the failover status
 * ({@code status()}); it owns the session store and the limiters and closes them when the context closes.
 */
@AutoConfiguration(afterName = GatehouseAutoConfiguration.DATA_REDIS_AUTO_CONFIGURATION)
@ConditionalOnClass(Gatehouse.class)
@EnableConfigurationProperties(GatehouseProperties.class)
// The Redis configuration first: the memory-only Gatehouse is the fallback when it defined none.
@Import({GatehouseRedisConfiguration.class, GatehouseMemoryConfiguration.class})
public final class GatehouseAutoConfiguration {

  static final String DATA_REDIS_AUTO_CONFIGURATION =
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration";

  private static final System.Logger LOG = System.getLogger(GatehouseAutoConfiguration.class.getName());

  /** The Gatehouse's session store; the Gatehouse closes it, so the context must not. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  SessionStore gatehouseSessionStore(Gatehouse gatehouse) {
    return gatehouse.sessions();
  }

  @Bean
  @ConditionalOnMissingBean
  SessionCookie gatehouseSessionCookie(GatehouseProperties properties) {
    return new GatehouseSettings(properties).sessionCookie();
  }

  @Bean
  @ConditionalOnMissingBean
  ClientAddress gatehouseClientAddress(GatehouseProperties properties) {
    return new ClientAddress(new GatehouseSettings(properties).trustedProxies());
  }

  /**
   * The device cookie the login limit sets on a successful login and trusts on the next, unless
   * {@code gatehouse.login.enabled=false}. Without {@code gatehouse.login.device-key} it is signed with a random key
   * of this instance, and the log says so loudly: a browser's device cookie then means nothing to another instance.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "gatehouse.login.enabled", matchIfMissing = true)
  DeviceCookie gatehouseDeviceCookie(GatehouseProperties properties, SessionCookie cookie) {
    GatehouseSettings settings = new GatehouseSettings(properties);
    DeviceCookie deviceCookie = settings.deviceCookie(cookie);
    if (!settings.sharedDeviceKey()) {
      int instances = properties.getFailover().getInstances();
      LOG.log(Level.WARNING, "gatehouse.login.device-key is not set, so device cookies are signed with a random key "
          + "of this instance: other instances do not trust them, nor does this one after a restart, and their "
          + "owners meet the per-username login limit like strangers. Set the same gatehouse.login.device-key on "
          + "every instance (openssl rand -base64 32)"
          + (instances > 1 ? " (gatehouse.failover.instances=" + instances + ")" : ""));
    }
    return deviceCookie;
  }

  /**
   * Builds the Gatehouse the properties describe, on {@code backend} or in memory when it is {@code null}, and logs
   * in one line where its state lives. Never waits on Redis longer than the failover deadline.
   */
  static Gatehouse open(GatehouseProperties properties, StoreBackend backend) {
    GatehouseSettings settings = new GatehouseSettings(properties);
    Gatehouse.Builder builder = Gatehouse.builder()
        .sessions(settings.sessionConfig())
        .failover(settings.failoverConfig());
    settings.registerRateLimits(builder);
    NearCacheConfig nearCache = settings.nearCacheConfig();
    if (nearCache != null && backend != null) {
      builder.nearCache(nearCache);
    }
    // Set last: from here on the builder owns the connection and closes it if build() fails.
    builder.backend(backend);
    Gatehouse gatehouse = builder.build();
    FailoverStatus status = gatehouse.status();
    if (!gatehouse.isShared()) {
      LOG.log(Level.INFO, "Gatehouse sessions and rate limits: in memory only"
          + (properties.getRedis().isEnabled() ? " (no Redis: gatehouse-redis or spring-boot-data-redis is not on "
              + "the classpath)" : " (gatehouse.redis.enabled=false)") + "; not shared with other instances, lost on restart");
    } else if (status.mode() == FailoverMode.DEGRADED) {
      LOG.log(Level.WARNING, "Gatehouse sessions and rate limits: Redis at " + gatehouse.location() + " is unavailable ("
          + status.lastError() + "), so this instance starts serving from memory and switches to Redis when it "
          + "answers");
    } else {
      LOG.log(Level.INFO, "Gatehouse sessions and rate limits: Redis at " + gatehouse.location() + " (key prefix \""
          + properties.getRedis().getKeyPrefix() + "\"); a call slower than "
          + InvalidGatehousePropertyException.format(properties.getFailover().getDeadline())
          + " switches to memory until Redis answers again");
    }
    return gatehouse;
  }
}
