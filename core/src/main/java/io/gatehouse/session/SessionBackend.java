package io.gatehouse.session;

import java.time.Instant;
import java.util.Objects;

/**
 * A session store as a back end implements it: the {@link SessionStore} API plus the write-back operations through
 * which the failover decorator hands a store what was done in memory while it was away.
 *
 * <p>This is a service-provider interface: applications use {@link SessionStore}; back ends (memory, Redis)
 * implement this, and {@link io.gatehouse.failover.Failover} consumes it. Every implementation passes the same
 * contract suite ({@code SessionStoreContract} in the core test-jar), write-back included.
 */
public interface SessionBackend extends SessionStore {

  /**
   * Writes a session that another store created (the in-memory fallback, during an outage), keeping its id,
   * times and attributes. Nothing is written if the session has expired, or if its subject's sessions were revoked
   * after it was created. If the session is already here, only a later last-seen time is taken. The per-subject
   * cap is not applied.
   *
   * @return whether the session is live here afterwards
   */
  boolean restore(Session session);

  /**
   * Moves a live session's last-seen time, and so its idle deadline, forward to {@code lastSeen}. Never creates
   * a session: one that is unknown here (revoked or expired meanwhile) stays gone.
   *
   * @return whether a live session was found
   */
  boolean touch(SessionId id, Instant lastSeen);

  /**
   * Revokes every session of {@code subject} created before {@code notValidBefore}, including any written here
   * later by {@link #restore}; sessions created at or after it are kept.
   *
   * @return how many live sessions were revoked
   */
  int revokeAll(String subject, Instant notValidBefore);

  /** The in-memory store, as a back end: thread-safe, bounded, expiring. */
  static SessionBackend inMemory(SessionConfig config) {
    return new InMemorySessionStore(config);
  }
}
