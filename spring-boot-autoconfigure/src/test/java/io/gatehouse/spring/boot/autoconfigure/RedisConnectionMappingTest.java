package io.gatehouse.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.redis.RedisConfig;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code spring.data.redis.*} as Gatehouse reads it, through Boot's connection details: each topology, credentials
 * that need escaping, TLS, and the setups Gatehouse refuses rather than half-applies. The Redis is never contacted
 * here ({@code GatehouseRedisIT} does that); the Gatehouse beans start degraded.
 */
class RedisConnectionMappingTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GatehouseAutoConfiguration.class))
      .withPropertyValues("gatehouse.redis.connect-timeout=20ms", "gatehouse.failover.deadline=20ms");

  @Test
  void sentinel_withItsOwnPassword() {
    redisConfig(config -> {
      assertThat(config.topology()).isEqualTo(RedisConfig.Topology.SENTINEL);
      assertThat(config.displayUrl()).isEqualTo("redis-sentinel://:****@127.0.0.1:1,127.0.0.1:2/2#mymaster");
      RedisURI uri = config.redisUri();
      assertThat(credentials(uri).getPassword()).isEqualTo("node-pw".toCharArray());
      assertThat(uri.getSentinels()).allSatisfy(sentinel ->
          assertThat(credentials(sentinel).getPassword()).isEqualTo("sentinel-pw".toCharArray()));
    }, "spring.data.redis.sentinel.master=mymaster", "spring.data.redis.sentinel.nodes=127.0.0.1:1,127.0.0.1:2",
        "spring.data.redis.sentinel.password=sentinel-pw", "spring.data.redis.password=node-pw",
        "spring.data.redis.database=2");
  }

  @Test
  void cluster_seedNodes_andCredentials() {
    redisConfig(config -> {
      assertThat(config.topology()).isEqualTo(RedisConfig.Topology.CLUSTER);
      assertThat(config.clusterUris()).extracting(RedisURI::getPort).containsExactly(1, 2);
      assertThat(config.clusterUris()).allSatisfy(uri -> {
        assertThat(credentials(uri).getUsername()).isEqualTo("app");
        assertThat(credentials(uri).getPassword()).isEqualTo("pw".toCharArray());
      });
    }, "spring.data.redis.cluster.nodes=127.0.0.1:1,127.0.0.1:2", "spring.data.redis.username=app",
        "spring.data.redis.password=pw");
  }

  @Test
  void passwordWithUrlCharacters_arrivesIntact() {
    redisConfig(config -> {
      assertThat(credentials(config.redisUri()).getUsername()).isEqualTo("app user");
      assertThat(credentials(config.redisUri()).getPassword()).isEqualTo("p@ss:w/rd%20#?".toCharArray());
    }, "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1", "spring.data.redis.username=app user",
        "spring.data.redis.password=p@ss:w/rd%20#?");
  }

  @Test
  void credentialsInTheUrl_areDecodedAsBootDoes() {
    redisConfig(config -> {
      assertThat(credentials(config.redisUri()).getUsername()).isEqualTo("app");
      assertThat(credentials(config.redisUri()).getPassword()).isEqualTo("a b".toCharArray());
      assertThat(config.redisUri().getDatabase()).isEqualTo(4);
    }, "spring.data.redis.url=redis://app:a%20b@127.0.0.1:1/4");
  }

  @Test
  void redissUrl_meansTls() {
    redisConfig(config -> assertThat(config.redisUri().isSsl()).isTrue(),
        "spring.data.redis.url=rediss://127.0.0.1:1");
  }

  @Test
  void sslEnabled_meansTls_withTheJvmTrustStore() {
    redisConfig(config -> {
      assertThat(config.redisUri().isSsl()).isTrue();
      assertThat(config.tlsTrustManagers()).isPresent();
    }, "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1", "spring.data.redis.ssl.enabled=true");
  }

  @Test
  void ipv6Host_isBracketed() {
    redisConfig(config -> assertThat(config.displayUrl()).isEqualTo("redis://[::1]:1/0"),
        "spring.data.redis.host=::1", "spring.data.redis.port=1");
  }

  @Test
  void staticMasterReplica_isRefused() {
    runner.withPropertyValues("spring.data.redis.masterreplica.nodes=127.0.0.1:1,127.0.0.1:2").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessage("spring.data.redis.masterreplica.nodes must "
            + "be unset for Gatehouse, which writes to one master: point spring.data.redis.url at the master or use "
            + "Sentinel, or define a RedisConfig bean of your own, got \"127.0.0.1:1,127.0.0.1:2\""));
  }

  @Test
  void sentinelUsername_isRefused() {
    runner.withPropertyValues("spring.data.redis.sentinel.master=m", "spring.data.redis.sentinel.nodes=127.0.0.1:1",
        "spring.data.redis.sentinel.username=watcher").run(context ->
            assertThat(context.getStartupFailure()).rootCause().hasMessage("spring.data.redis.sentinel.username must "
                + "be unset: Gatehouse authenticates to Sentinel with spring.data.redis.sentinel.password only, got "
                + "\"watcher\""));
  }

  @Test
  void unknownSslBundle_isReportedByBoot() {
    runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1", "spring.data.redis.ssl.bundle=nope")
        .run(context -> assertThat(context).hasFailed());
  }

  private static RedisCredentials credentials(RedisURI uri) {
    return uri.getCredentialsProvider().resolveCredentials().block();
  }

  private void redisConfig(Consumer<RedisConfig> check, String... properties) {
    runner.withPropertyValues(properties).run(context -> {
      assertThat(context).hasNotFailed();
      check.accept(context.getBean(RedisConfig.class));
    });
  }
}
