package io.gatehouse.nearcache;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.InvalidationListener;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.LocalInvalidationChannel;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real in-memory store that announces its revocations on a {@link LocalInvalidationChannel} (revoke, revoke-all
 * and the cap's evictions), as the Redis scripts publish theirs, and counts the calls that reach it.
 */
final class AnnouncingSessionStore implements SessionBackend {

  final AtomicInteger validations = new AtomicInteger();
  final AtomicInteger touches = new AtomicInteger();
  /** Runs inside each validation, after the store answered: lets a test act while a validation is in flight. */
  final AtomicReference<Runnable> duringValidation = new AtomicReference<>(() -> {});

  private final SessionBackend store;
  private final LocalInvalidationChannel channel;

  AnnouncingSessionStore(SessionBackend store, LocalInvalidationChannel channel) {
    this.store = store;
    this.channel = channel;
  }

  @Override
  public CreatedSession create(String subject, Map<String, String> attributes) {
    Set<SessionId> before = ids(subject);
    CreatedSession created = store.create(subject, attributes);
    before.removeAll(ids(subject));
    before.forEach(channel::sessionRevoked);
    return created;
  }

  private Set<SessionId> ids(String subject) {
    Set<SessionId> ids = new HashSet<>();
    try {
      store.list(subject, SessionStore.MAX_LIST_LIMIT).forEach(s -> ids.add(s.id()));
    } catch (IllegalArgumentException badSubject) {
      // create() rejects it next, with the message the contract expects.
    }
    return ids;
  }

  @Override
  public Optional<Session> validate(SessionToken token) {
    validations.incrementAndGet();
    Optional<Session> session = store.validate(token);
    duringValidation.get().run();
    return session;
  }

  @Override
  public boolean revoke(SessionId id) {
    boolean removed = store.revoke(id);
    channel.sessionRevoked(id);
    return removed;
  }

  @Override
  public int revokeAll(String subject) {
    int revoked = store.revokeAll(subject);
    channel.subjectRevoked(subject, Instant.MAX);
    return revoked;
  }

  @Override
  public int revokeAll(String subject, Instant notValidBefore) {
    int revoked = store.revokeAll(subject, notValidBefore);
    channel.subjectRevoked(subject, notValidBefore);
    return revoked;
  }

  @Override
  public List<Session> list(String subject, int limit) {
    return store.list(subject, limit);
  }

  @Override
  public Optional<Instant> notValidBefore(String subject) {
    return store.notValidBefore(subject);
  }

  @Override
  public boolean restore(Session session) {
    return store.restore(session);
  }

  @Override
  public boolean touch(SessionId id, Instant lastSeen) {
    touches.incrementAndGet();
    return store.touch(id, lastSeen);
  }
}
