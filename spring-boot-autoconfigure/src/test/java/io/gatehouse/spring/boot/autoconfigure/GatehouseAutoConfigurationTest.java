package io.gatehouse.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.redis.RedisConfig;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.client.ClientAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The entry point's auto-configuration, one test per condition: memory only or on Redis, connection details from
 * properties or from a bean, each bean backing off from the application's own, and each optional library absent.
 * Redis here is a closed port, so a Redis Gatehouse starts degraded; {@code GatehouseRedisIT} runs a real one.
 */
class GatehouseAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GatehouseAutoConfiguration.class));

  @Test
  void redisDisabled_keepsEverythingInMemory() {
    runner.withPropertyValues("gatehouse.redis.enabled=false").run(context -> {
      Gatehouse gatehouse = context.getBean(Gatehouse.class);
      assertThat(gatehouse.isShared()).isFalse();
      assertThat(gatehouse.status().mode()).isEqualTo(FailoverMode.DISABLED);
      assertThat(context).doesNotHaveBean(RedisConfig.class);
      assertThat(context.getBean(SessionStore.class)).isSameAs(gatehouse.sessions());
    });
  }

  @Test
  void springDataRedisUrl_becomesTheGatehouseRedis_withTheDeadlineAsCommandTimeout() {
    int port = closedPort();
    runner.withPropertyValues("spring.data.redis.url=redis://:s3cret@127.0.0.1:" + port + "/2",
        "gatehouse.failover.deadline=300ms", "gatehouse.redis.key-prefix=shop:").run(context -> {
          RedisConfig redis = context.getBean(RedisConfig.class);
          assertThat(redis.displayUrl()).isEqualTo("redis://:****@127.0.0.1:" + port + "/2");
          assertThat(redis.keyPrefix()).isEqualTo("shop:");
          assertThat(redis.commandTimeout()).isEqualTo(Duration.ofMillis(300));
          Gatehouse gatehouse = context.getBean(Gatehouse.class);
          assertThat(gatehouse.location()).isEqualTo("redis://:****@127.0.0.1:" + port + "/2");
          assertThat(gatehouse.status().mode()).isEqualTo(FailoverMode.DEGRADED);
        });
  }

  @Test
  void hostAndPortProperties_areUsedWithoutAUrl() {
    runner.withPropertyValues("spring.data.redis.host=10.1.2.3", "spring.data.redis.port=6380",
        "spring.data.redis.database=1", "spring.data.redis.username=app", "spring.data.redis.password=pw",
        "gatehouse.redis.connect-timeout=50ms").run(context ->
            assertThat(context.getBean(RedisConfig.class).displayUrl()).isEqualTo("redis://app:****@10.1.2.3:6380/1"));
  }

  @Test
  void aConnectionDetailsBean_suchAsAServiceConnection_winsOverTheProperties() {
    int port = closedPort();
    runner.withPropertyValues("spring.data.redis.url=redis://elsewhere:6379")
        .withBean(DataRedisConnectionDetails.class, () -> new DataRedisConnectionDetails() {
          @Override
          public Standalone getStandalone() {
            return Standalone.of("127.0.0.1", port, 3);
          }
        })
        .run(context -> assertThat(context.getBean(RedisConfig.class).displayUrl())
            .isEqualTo("redis://127.0.0.1:" + port + "/3"));
  }

  @Test
  void namedRateLimits_andTheLoginLimits_areRegistered() {
    runner.withPropertyValues("gatehouse.redis.enabled=false",
        "gatehouse.rate-limits.api.policy=token-bucket", "gatehouse.rate-limits.api.permits=100",
        "gatehouse.rate-limits.api.period=1s", "gatehouse.rate-limits.api.burst=200",
        "gatehouse.rate-limits.export.policy=sliding-window", "gatehouse.rate-limits.export.limit=3",
        "gatehouse.rate-limits.export.window=1h", "gatehouse.login.limit=7").run(context -> {
          Gatehouse gatehouse = context.getBean(Gatehouse.class);
          assertThat(gatehouse.rateLimiterNames()).containsExactly("login-ip", "login-user", "login-device",
              "login-success", "api", "export");
          assertThat(gatehouse.rateLimiter("api").limit())
              .isEqualTo(RateLimit.tokenBucket(100, Duration.ofSeconds(1), 200));
          assertThat(gatehouse.rateLimiter("export").limit()).isEqualTo(RateLimit.slidingWindow(3, Duration.ofHours(1)));
          assertThat(gatehouse.rateLimiter("login-user").limit())
              .isEqualTo(RateLimit.slidingWindow(7, Duration.ofMinutes(15)));
          assertThat(gatehouse.rateLimiter("login-device").limit())
              .isEqualTo(RateLimit.slidingWindow(7, Duration.ofMinutes(15)));
          assertThat(gatehouse.rateLimiter("login-success").limit())
              .isEqualTo(RateLimit.slidingWindow(20, Duration.ofMinutes(15)));
        });
  }

  @Test
  void loginDisabled_registersNoLoginLimits() {
    runner.withPropertyValues("gatehouse.redis.enabled=false", "gatehouse.login.enabled=false")
        .run(context -> assertThat(context.getBean(Gatehouse.class).rateLimiterNames()).isEmpty());
  }

  @Test
  void cookieAndSessionProperties_reachTheBeans() {
    runner.withPropertyValues("gatehouse.redis.enabled=false", "gatehouse.session.cookie.name=sid",
        "gatehouse.session.cookie.same-site=strict", "gatehouse.session.idle-timeout=10m",
        "gatehouse.session.max-per-user=3").run(context -> {
          SessionCookie cookie = context.getBean(SessionCookie.class);
          assertThat(cookie.name()).isEqualTo("__Host-sid");
          assertThat(cookie.sameSite()).isEqualTo(SessionCookie.SameSite.STRICT);
          SessionConfig sessions = context.getBean(Gatehouse.class).sessionConfig();
          assertThat(sessions.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
          assertThat(sessions.maxSessionsPerSubject()).isEqualTo(3);
          assertThat(context).hasSingleBean(ClientAddress.class);
        });
  }

  @Test
  void propertyDefaults_areTheCoreDefaults() {
    GatehouseProperties defaults = new GatehouseProperties();
    assertThat(defaults.getSession().getIdleTimeout()).isEqualTo(SessionConfig.DEFAULT_IDLE_TIMEOUT);
    assertThat(defaults.getSession().getAbsoluteTimeout()).isEqualTo(SessionConfig.DEFAULT_ABSOLUTE_TIMEOUT);
    assertThat(defaults.getSession().getMaxPerUser()).isEqualTo(SessionConfig.DEFAULT_MAX_SESSIONS_PER_SUBJECT);
    assertThat(defaults.getSession().getCookie().getName()).isEqualTo(SessionCookie.DEFAULT_NAME);
    assertThat(defaults.getSession().getCookie().getSameSite()).isEqualTo(SessionCookie.DEFAULT_SAME_SITE);
    assertThat(defaults.getSession().getCookie().getPath()).isEqualTo(SessionCookie.DEFAULT_PATH);
    assertThat(defaults.getFailover().getDeadline()).isEqualTo(FailoverConfig.DEFAULT_DEADLINE);
    assertThat(defaults.getFailover().getProbeInterval()).isEqualTo(FailoverConfig.DEFAULT_PROBE_INTERVAL);
    assertThat(defaults.getFailover().getMaxProbeInterval()).isEqualTo(FailoverConfig.DEFAULT_MAX_PROBE_INTERVAL);
    assertThat(defaults.getRedis().getKeyPrefix()).isEqualTo(RedisConfig.DEFAULT_KEY_PREFIX);
    assertThat(defaults.getRedis().getConnectTimeout()).isEqualTo(RedisConfig.DEFAULT_CONNECT_TIMEOUT);
  }

  @Nested
  class BacksOff {

    @Test
    void fromTheApplicationsSessionStore() {
      runner.withPropertyValues("gatehouse.redis.enabled=false").withUserConfiguration(OwnSessionStore.class)
          .run(context -> {
            assertThat(context).hasSingleBean(SessionStore.class);
            assertThat(context.getBean(SessionStore.class)).isSameAs(context.getBean("ownSessionStore"));
            assertThat(context).hasSingleBean(Gatehouse.class);
          });
    }

    @Test
    void fromTheApplicationsGatehouse() {
      runner.withUserConfiguration(OwnGatehouse.class).run(context -> {
        assertThat(context).hasSingleBean(Gatehouse.class);
        assertThat(context.getBean(Gatehouse.class).rateLimiterNames()).containsExactly("own");
        assertThat(context.getBean(SessionStore.class)).isSameAs(context.getBean(Gatehouse.class).sessions());
      });
    }

    @Test
    void fromTheApplicationsRedisConfig() {
      int port = closedPort();
      runner.withBean(RedisConfig.class, () -> RedisConfig.create("redis://127.0.0.1:" + port + "/5"))
          .withPropertyValues("spring.data.redis.url=redis://ignored:6379")
          .run(context -> assertThat(context.getBean(Gatehouse.class).location())
              .isEqualTo("redis://127.0.0.1:" + port + "/5"));
    }

    @Test
    void fromTheApplicationsCookie() {
      runner.withPropertyValues("gatehouse.redis.enabled=false")
          .withBean(SessionCookie.class, () -> SessionCookie.builder().name("mine").secure(false).build())
          .run(context -> assertThat(context.getBean(SessionCookie.class).name()).isEqualTo("mine"));
    }
  }

  @Nested
  class WithoutOptionalLibraries {

    @Test
    void withoutGatehouseRedis_theGatehouseIsInMemory() {
      runner.withClassLoader(new FilteredClassLoader(RedisStores.class)).run(context -> {
        assertThat(context).doesNotHaveBean(RedisConfig.class);
        assertThat(context.getBean(Gatehouse.class).isShared()).isFalse();
      });
    }

    @Test
    void withoutSpringBootDataRedis_anApplicationRedisConfigIsStillUsed() {
      int port = closedPort();
      runner.withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
          .withBean(RedisConfig.class, () -> RedisConfig.create("redis://127.0.0.1:" + port))
          .run(context -> assertThat(context.getBean(Gatehouse.class).isShared()).isTrue());
    }

    @Test
    void withoutSpringBootDataRedis_andNoRedisConfig_theGatehouseIsInMemory() {
      runner.withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
          .run(context -> assertThat(context.getBean(Gatehouse.class).isShared()).isFalse());
    }

    @Test
    void withoutGatehouseCore_nothingIsConfigured() {
      runner.withClassLoader(new FilteredClassLoader(Gatehouse.class))
          .run(context -> assertThat(context).doesNotHaveBean(GatehouseProperties.class));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnSessionStore {
    @Bean
    SessionStore ownSessionStore() {
      return SessionStore.inMemory(SessionConfig.create());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnGatehouse {
    @Bean(destroyMethod = "close")
    Gatehouse ownGatehouse() {
      return Gatehouse.builder().rateLimit("own", RateLimit.slidingWindow(1, Duration.ofMinutes(1))).build();
    }
  }

  /** A loopback port nothing listens on: connections are refused at once. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
