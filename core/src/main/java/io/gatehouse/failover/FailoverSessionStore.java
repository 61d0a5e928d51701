package io.gatehouse.failover;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionToken;
import io.gatehouse.session.InvalidationListener;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session store on the primary while it answers and in memory while it does not, writing back on recovery.
 *
 * <p>The in-memory store doubles as the near cache: in PRIMARY mode every session the primary creates or validates
 * is copied into it ({@link SessionBackend#restore}), and every revocation is applied to it too, so that during an
 * outage this instance still knows its recent sessions. While degraded, four kinds of change wait here for
 * write-back, and are sent in this order: revoke-all (with the time it was asked), revocations, sessions created
 * in memory, and sliding-expiry touches of sessions that came from the primary.
 *
 * <p>A token that memory does not know, while degraded, is asked of the primary if the failover's probe has found
 * it answering ({@link Failover#askPrimary}); what it finds is checked against the revocations waiting here.
 */
final class FailoverSessionStore implements SessionBackend, WriteBack, InvalidationListener {

  private final Failover failover;
  private final SessionBackend primary;
  private final SessionBackend memory;

  private final Map<String, Instant> revokedAllBefore = new ConcurrentHashMap<>();
  private final Set<SessionId> revoked = ConcurrentHashMap.newKeySet();
  private final Map<SessionId, Session> created = new ConcurrentHashMap<>();
  private final Map<SessionId, Instant> touched = new ConcurrentHashMap<>();

  FailoverSessionStore(Failover failover, SessionBackend primary, SessionBackend memory) {
    this.failover = failover;
    this.primary = primary;
    this.memory = memory;
  }

  @Override
  public CreatedSession create(String subject, Map<String, String> attributes) {
    return failover.route(() -> {
      CreatedSession session = primary.create(subject, attributes);
      memory.restore(session.session());
      return session;
    }, () -> {
      CreatedSession session = memory.create(subject, attributes);
      created.put(session.session().id(), session.session());
      return session;
    });
  }

  @Override
  public Optional<Session> validate(SessionToken token) {
    return failover.route(() -> {
      Optional<Session> session = primary.validate(token);
      if (session.isPresent()) {
        memory.restore(session.get());
      } else if (memory.touch(token.sessionId(), Instant.EPOCH)) {
        // Gone from the primary (revoked elsewhere, expired): drop it from the near cache too. Only then, so
        // that a flood of made-up tokens cannot fill the memory store's tombstones.
        memory.revoke(token.sessionId());
      }
      return session;
    }, () -> {
      Optional<Session> session = memory.validate(token);
      if (session.isEmpty()) {
        return failover.askPrimary(() -> primary.validate(token)).filter(this::keepFromPrimary);
      }
      session.ifPresent(this::recordUse);
      return session;
    });
  }

  /**
   * Whether a session that the primary validated for a miss in memory may be answered: not if it was revoked here,
   * or by a revoke-all here, while the primary was away (that write-back may not have reached it yet). Copies it
   * into memory, which refuses it for the same reasons, so that it keeps working if recovery is interrupted. The
   * primary already holds it and has pushed its idle deadline: nothing to write back.
   */
  private boolean keepFromPrimary(Session session) {
    if (revoked.contains(session.id())) {
      return false;
    }
    Instant notBefore = revokedAllBefore.get(session.subject());
    if (notBefore != null && session.createdAt().isBefore(notBefore)) {
      return false;
    }
    return memory.restore(session);
  }

  private void recordUse(Session session) {
    if (created.computeIfPresent(session.id(), (id, old) -> session) == null) {
      touched.merge(session.id(), session.lastSeenAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  @Override
  public boolean revoke(SessionId id) {
    return failover.route(() -> {
      memory.revoke(id);
      return primary.revoke(id);
    }, () -> {
      revoked.add(id);
      created.remove(id);
      touched.remove(id);
      return memory.revoke(id);
    });
  }

  @Override
  public int revokeAll(String subject) {
    return failover.route(() -> {
      int revokedThere = primary.revokeAll(subject);
      memory.revokeAll(subject);
      return revokedThere;
    }, () -> {
      Instant now = failover.config().clock().instant();
      forgetPending(subject);
      revokedAllBefore.merge(subject, now, (a, b) -> a.isAfter(b) ? a : b);
      return memory.revokeAll(subject, now.plusNanos(1));
    });
  }

  @Override
  public int revokeAll(String subject, Instant notValidBefore) {
    return failover.route(() -> {
      int revokedThere = primary.revokeAll(subject, notValidBefore);
      memory.revokeAll(subject, notValidBefore);
      return revokedThere;
    }, () -> {
      created.values().removeIf(s -> s.subject().equals(subject) && s.createdAt().isBefore(notValidBefore));
      revokedAllBefore.merge(subject, notValidBefore, (a, b) -> a.isAfter(b) ? a : b);
      return memory.revokeAll(subject, notValidBefore);
    });
  }

  /**
   * The later of the primary's marker and this instance's own: the memory store holds every revoke-all made here,
   * including ones made while degraded and not yet written back.
   */
  @Override
  public Optional<Instant> notValidBefore(String subject) {
    return failover.route(() -> later(primary.notValidBefore(subject), memory.notValidBefore(subject)),
        () -> memory.notValidBefore(subject));
  }

  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().isAfter(a.get()) ? b : a;
  }

  private void forgetPending(String subject) {
    created.values().removeIf(session -> session.subject().equals(subject));
    touched.keySet().removeIf(id -> id.belongsTo(subject));
  }

  @Override
  public List<Session> list(String subject, int limit) {
    return failover.route(() -> primary.list(subject, limit), () -> memory.list(subject, limit));
  }

  @Override
  public boolean restore(Session session) {
    return failover.route(() -> {
      memory.restore(session);
      return primary.restore(session);
    }, () -> {
      boolean live = memory.restore(session);
      if (live) {
        created.put(session.id(), session);
      }
      return live;
    });
  }

  @Override
  public boolean touch(SessionId id, Instant lastSeen) {
    return failover.route(() -> {
      memory.touch(id, lastSeen);
      return primary.touch(id, lastSeen);
    }, () -> {
      boolean live = memory.touch(id, lastSeen);
      if (live) {
        touched.merge(id, lastSeen, (a, b) -> a.isAfter(b) ? a : b);
      }
      return live;
    });
  }

  /**
   * Forgets the outage copy of a session revoked on any instance, so that no instance accepts it during an outage.
   * Leaves a tombstone even when there is no copy yet: a validation in flight must not restore one after this.
   */
  @Override
  public void sessionRevoked(SessionId id) {
    memory.revoke(id);
  }

  /** Forgets the outage copies of a subject's sessions revoked on any instance; later restores of them are refused. */
  @Override
  public void subjectRevoked(String subject, Instant notValidBefore) {
    memory.revokeAll(subject, notValidBefore);
  }

  /**
   * Keeps the outage copies: a lost message leaves one copy stale until the primary validates it again, whereas
   * dropping them all whenever the channel blinks (as it does when the primary goes down) would log everyone out
   * for the outage.
   */
  @Override
  public void reset() {}

  @Override
  public long pending() {
    return revokedAllBefore.size() + revoked.size() + created.size() + touched.size();
  }

  @Override
  public long writeBack() {
    long written = failover.writeConcurrently(Map.copyOf(revokedAllBefore).entrySet(), entry -> {
      primary.revokeAll(entry.getKey(), entry.getValue());
      revokedAllBefore.remove(entry.getKey(), entry.getValue());
    });
    written += failover.writeConcurrently(revoked, id -> {
      primary.revoke(id);
      revoked.remove(id);
    });
    written += failover.writeConcurrently(Map.copyOf(created).values(), session -> {
      // Only what memory still holds: a session it dropped (expired, evicted, capped) must not come back.
      if (memory.touch(session.id(), session.lastSeenAt())) {
        primary.restore(session);
      }
      created.remove(session.id(), session);
    });
    written += failover.writeConcurrently(Map.copyOf(touched).entrySet(), entry -> {
      primary.touch(entry.getKey(), entry.getValue());
      touched.remove(entry.getKey(), entry.getValue());
    });
    return written;
  }

  @Override
  public void close() {
    primary.close();
    memory.close();
  }

  @Override
  public String toString() {
    return "FailoverSessionStore{primary=" + primary + ", mode=" + failover.mode() + "}";
  }
}
