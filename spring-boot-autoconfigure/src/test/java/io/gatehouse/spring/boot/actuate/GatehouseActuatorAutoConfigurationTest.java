package io.gatehouse.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.spring.boot.autoconfigure.GatehouseAutoConfiguration;
import io.gatehouse.web.login.LoginListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.SimpleHttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

/**
 * The health component and the meters: their conditions, what they report in memory-only and degraded mode, and where
 * {@code DEGRADED} sits in Spring Boot's status aggregation.
 */
class GatehouseActuatorAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GatehouseAutoConfiguration.class,
          GatehouseHealthAutoConfiguration.class, GatehouseMetricsAutoConfiguration.class));

  @Test
  void memoryOnly_isUp_withModeDisabled() {
    runner.withPropertyValues("gatehouse.redis.enabled=false").run(context -> {
      Health health = context.getBean("gatehouseHealthIndicator", HealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("mode", "DISABLED").containsEntry("location", "memory");
    });
  }

  @Test
  void redisAway_isDegraded_withSinceAndTheLastError() {
    int port = closedPort();
    runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:" + port).run(context -> {
      Health health = context.getBean("gatehouseHealthIndicator", HealthIndicator.class).health();
      assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
      assertThat(health.getDetails()).containsEntry("mode", "DEGRADED").containsKeys("since", "lastError");
      assertThat((String) health.getDetails().get("lastError")).contains("127.0.0.1:" + port);
    });
  }

  @Test
  void healthIndicatorOff_byProperty() {
    runner.withPropertyValues("gatehouse.redis.enabled=false", "management.health.gatehouse.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("gatehouseHealthIndicator"));
  }

  @Test
  void withoutSpringBootHealth_noIndicator() {
    runner.withPropertyValues("gatehouse.redis.enabled=false")
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean("gatehouseHealthIndicator"));
  }

  @Test
  void withoutMicrometer_noMeters() {
    runner.withPropertyValues("gatehouse.redis.enabled=false")
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).doesNotHaveBean(GatehouseMetrics.class));
  }

  @Test
  void meters_haveTheReferenceServersNames() {
    runner.withPropertyValues("gatehouse.redis.enabled=false").run(context -> {
      GatehouseMetrics metrics = context.getBean(GatehouseMetrics.class);
      MeterRegistry registry = new SimpleMeterRegistry();
      metrics.bindTo(registry);
      metrics.loginAttempt(LoginListener.LoginOutcome.RATE_LIMITED);
      metrics.limitReached("login_ip");
      assertThat(registry.get("gatehouse.failover.mode").tag("mode", "DISABLED").gauge().value()).isEqualTo(1.0);
      assertThat(registry.get("gatehouse.failover.mode").tag("mode", "PRIMARY").gauge().value()).isEqualTo(0.0);
      assertThat(registry.get("gatehouse.logins").tag("outcome", "rate_limited").counter().count()).isEqualTo(1.0);
      assertThat(registry.get("gatehouse.rate_limit.rejections").tag("limiter", "login_ip").counter().count())
          .isEqualTo(1.0);
      assertThat(registry.get("gatehouse.failover.failovers").functionCounter().count()).isZero();
      assertThat(registry.get("gatehouse.failover.pending.write.back").gauge().value()).isZero();
    });
  }

  @Test
  void degraded_staysHttp200_isOutrankedByDown_andOutranksUp() {
    SimpleStatusAggregator aggregator = new SimpleStatusAggregator(
        List.of(HealthStatusOrderDefaults.DEFAULT_ORDER.split(",")));
    assertThat(aggregator.getAggregateStatus(Set.of(Status.UP, GatehouseHealthIndicator.DEGRADED)).getCode())
        .isEqualTo("DEGRADED");
    assertThat(aggregator.getAggregateStatus(Set.of(Status.DOWN, GatehouseHealthIndicator.DEGRADED)))
        .isEqualTo(Status.DOWN);
    assertThat(new SimpleHttpCodeStatusMapper().getStatusCode(GatehouseHealthIndicator.DEGRADED)).isEqualTo(200);
  }

  @Test
  void statusOrderDefault_isAddedUnlessTheApplicationSetsOne() {
    StandardEnvironment environment = new StandardEnvironment();
    new HealthStatusOrderDefaults().postProcessEnvironment(environment, new SpringApplication());
    assertThat(environment.getProperty(HealthStatusOrderDefaults.ORDER))
        .isEqualTo("DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN");
    MockEnvironment own = new MockEnvironment().withProperty(HealthStatusOrderDefaults.ORDER, "DOWN,UP");
    new HealthStatusOrderDefaults().postProcessEnvironment(own, new SpringApplication());
    assertThat(own.getProperty(HealthStatusOrderDefaults.ORDER)).isEqualTo("DOWN,UP");
  }

  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
