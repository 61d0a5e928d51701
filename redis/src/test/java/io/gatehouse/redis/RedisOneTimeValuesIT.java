package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.onetime.OneTimeValuesContract;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one-time value contract against a real standalone {@code redis-server}; then its key layout. */
class RedisOneTimeValuesIT extends OneTimeValuesContract {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final RedisStores stores = RedisStores.create(RedisConfig.builder().url(redis.server().uri())
      .keyPrefix("ot-test:").build());
  private final OneTimeValues values = stores.oneTimeValues();

  @AfterEach
  void close() {
    stores.close();
  }

  @Override
  protected OneTimeValues store() {
    return values;
  }

  @Override
  protected void elapse(Duration duration) {
    RedisTime.elapse(redis.server(), duration);
  }

  @Override
  protected Duration unit() {
    return Duration.ofMillis(150);
  }

  @Test
  void value_isOneStringKey_withRedisTtl() {
    values.put("state:abc", "v", Duration.ofMinutes(10));

    assertThat(redis.server().command("GET", "ot-test:ot:state:abc")).isEqualTo("v");
    assertThat((Long) redis.server().command("PTTL", "ot-test:ot:state:abc")).isBetween(1L, 600_000L);
  }
}
