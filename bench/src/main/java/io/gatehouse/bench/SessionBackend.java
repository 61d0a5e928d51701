package io.gatehouse.bench;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;

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
  /** Spring Session Data Redis: {@code RedisSessionRepository} on a {@code RedisTemplate} over Lettuce. */
  SPRING_SESSION {
    @Override
    SessionContender open(BenchRedis redis) {
      return new SpringSessions(redis);
    }
  };

  /** The session settings of every contender: 30 minutes idle, 12 hours absolute (both libraries' kind of default). */
  static final SessionConfig CONFIG = SessionConfig.create();

  /** Connects a new instance of this contender; close it after. */
  abstract SessionContender open(BenchRedis redis);
}
