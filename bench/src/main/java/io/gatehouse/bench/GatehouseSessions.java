package io.gatehouse.bench;

import io.gatehouse.failover.Failover;
import io.gatehouse.redis.RedisStores;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import java.util.Map;
import java.util.Optional;

/** Gatehouse's session store, plain or decorated, called the way the server calls it (with the token string). */
final class GatehouseSessions implements SessionContender {

  private static final Map<String, String> ATTRIBUTES = Map.of("role", "user");

  private final SessionStore store;
  private final Failover failover;
  private final RedisStores stores;

  /**
   * @param failover the decorator's failover, or {@code null} for the plain store
   * @param stores closed last
   */
  GatehouseSessions(SessionStore store, Failover failover, RedisStores stores) {
    this.store = store;
    this.failover = failover;
    this.stores = stores;
  }

  @Override
  public String create(String subject) {
    return store.create(subject, ATTRIBUTES).token().value();
  }

  @Override
  public Object validate(String presented) {
    Optional<?> session = store.validate(presented);
    return session;
  }

  @Override
  public Object revoke(String presented) {
    return store.revoke(SessionToken.parse(presented).orElseThrow());
  }

  @Override
  public long failovers() {
    return failover == null ? 0 : failover.status().failovers();
  }

  @Override
  public void close() {
    store.close();
    if (failover != null) {
      failover.close();
    }
    stores.close();
  }
}
