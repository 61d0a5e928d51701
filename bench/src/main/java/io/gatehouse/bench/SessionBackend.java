package io.gatehouse.bench;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.nearcache.NearCacheConfig;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.InvalidationChannel;
import java.util.concurrent.TimeUnit;

/** The session contenders a benchmark's {@code backend} parameter names. */
public enum SessionBackend {
  /** The physical limit: one raw Lettuce {@code GET} (validate), {@code SET} (create) or {@code DEL} (revoke). */
  RAW_GET {
    @Override
    SessionContender open(BenchRedis redis) {
      return new RawKeySessions(redis.lettuce());
    }
  },
  /** Gatehouse's Redis session store: one {@code EVALSHA} per operation. */
  GATEHOUSE {
    @Override
    SessionContender open(BenchRedis redis) {
      RedisStores stores = redis.gatehouse();
      return new GatehouseSessions(stores.sessionStore(CONFIG), null, stores);
    }
  },
  /** The same store behind the failover decorator, in PRIMARY mode (Redis up): what the server runs. */
  GATEHOUSE_FAILOVER {
    @Override
    SessionContender open(BenchRedis redis) {
      RedisStores stores = redis.gatehouse();
      Failover failover = Failover.create(stores::ping,
          FailoverConfig.builder().deadline(BenchRedis.MEASUREMENT_TIMEOUT).build());
      SessionStore store = failover.sessionStore(stores.sessionStore(CONFIG), CONFIG);
      return new GatehouseSessions(store, failover, stores);
    }
  },
  /**
   * The failover decorator over the session near cache ({@code SESSION_NEAR_CACHE=true}, 1 s staleness): most
   * validations are answered in the process; each session is asked of Redis about once a second.
   */
  GATEHOUSE_NEAR_CACHE {
    @Override
    SessionContender open(BenchRedis redis) {
      RedisStores stores = redis.gatehouse();
      InvalidationChannel channel = stores.invalidations().orElseThrow();
      awaitSubscribed(channel);
      Failover failover = Failover.create(stores::ping,
          FailoverConfig.builder().deadline(BenchRedis.MEASUREMENT_TIMEOUT).build());
      SessionStore store = failover.sessionStore(io.gatehouse.nearcache.NearCachedSessionStore.wrap(
          stores.sessionStore(CONFIG), channel, NearCacheConfig.create()), CONFIG, channel);
      return new GatehouseSessions(store, failover, stores);
    }
  },
  /** Spring Session Data Redis: {@code RedisSessionRepository} on a {@code RedisTemplate} over Lettuce. */
  SPRING_SESSION {
    @Override
    SessionContender open(BenchRedis redis) {
      return new SpringSessions(redis);
    }
  };

  /** The session settings of every contender: 30 minutes idle, 12 hours absolute (both libraries' kind of default). */
  static final SessionConfig CONFIG = SessionConfig.create();

  private static void awaitSubscribed(InvalidationChannel channel) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!channel.isConnected()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the near cache's subscription did not come up within 10 s");
      }
      Thread.onSpinWait();
    }
  }

  /** Connects a new instance of this contender; close it after. */
  abstract SessionContender open(BenchRedis redis);
}
