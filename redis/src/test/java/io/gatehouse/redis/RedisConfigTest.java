package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

class RedisConfigTest {

  @Test
  void defaults() {
    RedisConfig config = RedisConfig.create();
    assertThat(config.displayUrl()).isEqualTo("redis://localhost:6379/0");
    assertThat(config.keyPrefix()).isEqualTo("gatehouse:");
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.redisUri().getTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void url_withPasswordAndDatabase() {
    RedisConfig config = RedisConfig.create("redis://:s3cret@cache.internal:6380/2");
    RedisURI uri = config.redisUri();
    assertThat(uri.getHost()).isEqualTo("cache.internal");
    assertThat(uri.getPort()).isEqualTo(6380);
    assertThat(uri.getDatabase()).isEqualTo(2);
    assertThat(config.displayUrl()).isEqualTo("redis://:****@cache.internal:6380/2");
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void url_withUserAndPassword_tls() {
    RedisConfig config = RedisConfig.create("rediss://gatehouse:s3cret@cache.internal:6380/0");
    assertThat(config.redisUri().isSsl()).isTrue();
    assertThat(config.displayUrl()).isEqualTo("rediss://gatehouse:****@cache.internal:6380/0");
  }

  @Test
  void url_sentinel() {
    RedisConfig config = RedisConfig.create("redis-sentinel://:s3cret@10.0.0.1:26379,10.0.0.2:26379/0#mymaster");
    RedisURI uri = config.redisUri();
    assertThat(uri.getSentinels()).hasSize(2);
    assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(config.displayUrl()).doesNotContain("s3cret");
  }

  @Test
  void url_wrongScheme_namesTheFormWithoutThePassword() {
    assertThatThrownBy(() -> RedisConfig.create("http://:s3cret@cache:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redis URL must start with redis://, rediss:// or redis-sentinel://, got \"http://:****@cache:6379\"");
  }

  @Test
  void url_unparseable() {
    assertThatThrownBy(() -> RedisConfig.create("redis://:s3cret@cache:notaport"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Redis URL must look like redis://[:password@]host[:port][/database], got "
            + "\"redis://:****@cache:notaport\"")
        .hasMessageNotContaining("s3cret");
  }

  /** A URL that fails to parse, in any of its parts, never has its password in the message or a cause. */
  @ParameterizedTest
  @ValueSource(strings = {
      "redis://:P4ss-s3cret@cache:notaport",
      "redis://user:P4ss-s3cret@cache:99999/0",
      "redis://user:P4ss-s3cret@ca che:6379",
      "redis://user:P4ss-s3cret@cache:6379/notadb",
      "redis://user:P4ss-s3cret@[::1:6379",
      "redis://user:P4ss-s3cret@:6379",
      "redis://us er:P4ss-s3cret@cache:6379",
      "redis://user:P4ss-s3cret%zz@cache",
      "redis://user:P4ss-s3cret@cache@other:6379",
      "redis:/user:P4ss-s3cret@cache:6379",
      "user:P4ss-s3cret@cache:6379",
      "redis-sentinel://:P4ss-s3cret@s1:26379,s2:notaport/0#master",
      "redis-sentinel://:P4ss-s3cret@s1:26379/0",
      "rediss://:P4ss-s3cret@cache:6379?timeout=x",
      "redis://P4ss-s3cret@",
      "redis://:P4ss-s3cret@cache:6379/0 trailing"})
  void url_malformedInAnyPart_neverShowsThePassword(String url) {
    Throwable thrown = catchThrowable(() -> RedisConfig.builder().url(url).build());

    if (thrown == null) {
      assertThat(RedisConfig.create(url).displayUrl()).doesNotContain("P4ss-s3cret");
      assertThat(RedisConfig.create(url).toString()).doesNotContain("P4ss-s3cret");
      return;
    }
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasNoCause();
    assertThat(thrown.getMessage()).doesNotContain("P4ss-s3cret", "s3cret");
  }

  @Test
  void url_blank() {
    assertThatThrownBy(() -> RedisConfig.create(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redis URL must look like redis://[:password@]host[:port][/database], got \" \"");
  }

  @Test
  void keyPrefix_withBraces() {
    assertThatThrownBy(() -> RedisConfig.builder().keyPrefix("app{1}:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redis key prefix must be at most 64 characters without braces, spaces or control characters, "
            + "got \"app{1}:\"");
  }

  @Test
  void commandTimeout_zero() {
    assertThatThrownBy(() -> RedisConfig.builder().commandTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redis command timeout must be a positive duration, got PT0S");
  }

  @Test
  void mutate_keepsEverything() {
    RedisConfig config = RedisConfig.builder().url("redis://:pw@h:1/3").keyPrefix("x:").build();
    RedisConfig copy = config.mutate().commandTimeout(Duration.ofSeconds(1)).build();
    assertThat(copy.displayUrl()).isEqualTo("redis://:****@h:1/3");
    assertThat(copy.keyPrefix()).isEqualTo("x:");
    assertThat(copy.commandTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void topology_followsTheSettings() {
    assertThat(RedisConfig.create().topology()).isEqualTo(RedisConfig.Topology.STANDALONE);
    assertThat(RedisConfig.create("redis-sentinel://10.0.0.1:26379/0#mymaster").topology())
        .isEqualTo(RedisConfig.Topology.SENTINEL);
    RedisConfig cluster = RedisConfig.builder().url("rediss://gatehouse:s3cret@ignored:6379")
        .clusterNodes("10.0.0.1:7000, 10.0.0.2:7001").build();
    assertThat(cluster.topology()).isEqualTo(RedisConfig.Topology.CLUSTER);
    assertThat(cluster.clusterUris()).extracting(RedisURI::getHost, RedisURI::getPort, RedisURI::isSsl)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("10.0.0.1", 7000, true),
            org.assertj.core.groups.Tuple.tuple("10.0.0.2", 7001, true));
    assertThat(cluster.toString()).doesNotContain("s3cret").contains("clusterNodes=[10.0.0.1:7000, 10.0.0.2:7001]");
    assertThat(cluster.displayUrl()).isEqualTo("rediss://gatehouse:****@10.0.0.1:7000,10.0.0.2:7001");
  }

  @Test
  void clusterNodes_malformed() {
    assertThatThrownBy(() -> RedisConfig.builder().clusterNodes("10.0.0.1:7000,10.0.0.2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redis cluster nodes must be host:port[,host:port...], got \"10.0.0.1:7000,10.0.0.2\" "
            + "(bad node \"10.0.0.2\")");
    assertThatThrownBy(() -> RedisConfig.builder().clusterNodes(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redis cluster nodes must be host:port[,host:port...], got \"\" (no node)");
  }

  @Test
  void tls_filesMustBeReadable() {
    assertThatThrownBy(() -> RedisTls.trusting(java.nio.file.Path.of("/nonexistent/ca.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redis TLS CA file must be a readable PEM file, got \"/nonexistent/ca.pem\"");
  }

  @Test
  void revocationReplicas_negative() {
    assertThatThrownBy(() -> RedisConfig.builder().revocationReplicas(-1, Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("revocation replicas must be at least 0, got -1");
  }
}
