package io.gatehouse.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A session store in this process's memory: for a single instance, for tests, and as the failover decorator's
 * fallback.
 *
 * <p>Sessions sit in a Caffeine cache bounded by {@link SessionConfig#maxInMemorySessions()} whose per-entry expiry
 * follows each session's own deadline. A second cache indexes session ids by subject. Operations that change a
 * subject's set of sessions (create with its cap, revoke-all) run inside that subject's index entry's atomic
 * {@code compute}, so they are serialized per subject while different subjects proceed in parallel; validation
 * touches only the session's own entry. Deadlines are also checked against the clock on every read, so
 * correctness does not depend on when Caffeine gets round to evicting.
 */
final class InMemorySessionStore implements SessionBackend {

  private final SessionConfig config;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Cache<SessionId, Session> sessions;
  private final Cache<String, Set<SessionId>> bySubject;
  /** Per subject, the time of its last revoke-all: {@link #restore} refuses sessions created earlier. */
  private final Cache<String, Instant> notValidBefore;
  /** Ids revoked lately: {@link #restore} must not bring them back (a restore can race with a revocation). */
  private final Cache<SessionId, Boolean> revoked;

  InMemorySessionStore(SessionConfig config) {
    this.config = config;
    this.clock = config.clock();
    Ticker ticker = () -> toNanos(clock.instant());
    this.bySubject = Caffeine.newBuilder()
        .ticker(ticker)
        .expireAfterAccess(config.absoluteTimeout())
        .build();
    this.notValidBefore = Caffeine.newBuilder()
        .ticker(ticker)
        .expireAfterWrite(config.absoluteTimeout())
        .build();
    this.revoked = Caffeine.newBuilder()
        .ticker(ticker)
        .expireAfterWrite(config.absoluteTimeout())
        .maximumSize(config.maxInMemorySessions())
        .build();
    this.sessions = Caffeine.newBuilder()
        .ticker(ticker)
        .maximumSize(config.maxInMemorySessions())
        .expireAfter(new UntilSessionExpires())
        .executor(Runnable::run)
        .removalListener(this::unindex)
        .build();
  }

  @Override
  public CreatedSession create(String subject, Map<String, String> attributes) {
    SessionConfig.checkSubject(subject);
    Map<String, String> checked = config.checkAttributes(attributes);
    SessionToken token = SessionToken.generate(subject, random);
    Instant now = clock.instant();
    Instant absolute = now.plus(config.absoluteTimeout());
    Session session = new Session(token.sessionId(), subject, now, now, idleDeadline(now, absolute), absolute, checked);
    bySubject.asMap().compute(subject, (key, ids) -> {
      Set<SessionId> set = ids != null ? ids : newIndex();
      if (config.maxSessionsPerSubject() != SessionConfig.UNLIMITED) {
        keepNewest(set, config.maxSessionsPerSubject() - 1, now);
      }
      sessions.put(session.id(), session);
      set.add(session.id());
      return set;
    });
    return new CreatedSession(token, session);
  }

  @Override
  public Optional<Session> validate(SessionToken token) {
    Instant now = clock.instant();
    Session touched = sessions.asMap().computeIfPresent(token.sessionId(), (id, session) -> {
      if (session.isExpiredAt(now)) {
        return null;
      }
      return new Session(id, session.subject(), session.createdAt(), now,
          idleDeadline(now, session.absoluteExpiresAt()), session.absoluteExpiresAt(), session.attributes());
    });
    return Optional.ofNullable(touched);
  }

  @Override
  public boolean revoke(SessionId id) {
    revoked.put(id, Boolean.TRUE);
    Session removed = sessions.asMap().remove(id);
    return removed != null && !removed.isExpiredAt(clock.instant());
  }

  @Override
  public int revokeAll(String subject) {
    return revokeAll(subject, clock.instant().plusNanos(1));
  }

  @Override
  public int revokeAll(String subject, Instant notBefore) {
    SessionConfig.checkSubject(subject);
    Instant now = clock.instant();
    int[] count = {0};
    bySubject.asMap().compute(subject, (key, ids) -> {
      notValidBefore.asMap().merge(subject, notBefore, (a, b) -> a.isAfter(b) ? a : b);
      if (ids == null) {
        return null;
      }
      List<SessionId> snapshot;
      synchronized (ids) {
        snapshot = List.copyOf(ids);
      }
      for (SessionId id : snapshot) {
        Session session = sessions.getIfPresent(id);
        if (session != null && session.createdAt().isBefore(notBefore)) {
          sessions.invalidate(id);
          ids.remove(id);
          count[0] += session.isExpiredAt(now) ? 0 : 1;
        }
      }
      return ids.isEmpty() ? null : ids;
    });
    return count[0];
  }

  @Override
  public Optional<Instant> notValidBefore(String subject) {
    SessionConfig.checkSubject(subject);
    return Optional.ofNullable(notValidBefore.getIfPresent(subject));
  }

  @Override
  public boolean restore(Session session) {
    Instant now = clock.instant();
    // Fast path, taken on every validation the failover decorator copies into its near cache: the session is
    // already here, so only its entry changes, without the subject-wide lock of the index.
    Session merged = sessions.asMap().computeIfPresent(session.id(),
        (id, mine) -> session.lastSeenAt().isAfter(mine.lastSeenAt()) ? session : mine);
    if (merged != null) {
      return !merged.isExpiredAt(now);
    }
    boolean[] live = {false};
    bySubject.asMap().compute(session.subject(), (key, ids) -> {
      Instant notBefore = notValidBefore.getIfPresent(session.subject());
      if (session.isExpiredAt(now) || revoked.getIfPresent(session.id()) != null
          || (notBefore != null && session.createdAt().isBefore(notBefore))) {
        return ids;
      }
      Set<SessionId> set = ids != null ? ids : newIndex();
      sessions.asMap().merge(session.id(), session,
          (mine, theirs) -> theirs.lastSeenAt().isAfter(mine.lastSeenAt()) ? theirs : mine);
      set.add(session.id());
      live[0] = true;
      return set;
    });
    return live[0];
  }

  @Override
  public boolean touch(SessionId id, Instant lastSeen) {
    Instant now = clock.instant();
    Session touched = sessions.asMap().computeIfPresent(id, (key, session) -> {
      if (session.isExpiredAt(now)) {
        return null;
      }
      if (!lastSeen.isAfter(session.lastSeenAt())) {
        return session;
      }
      return new Session(id, session.subject(), session.createdAt(), lastSeen,
          idleDeadline(lastSeen, session.absoluteExpiresAt()), session.absoluteExpiresAt(), session.attributes());
    });
    return touched != null && !touched.isExpiredAt(now);
  }

  @Override
  public List<Session> list(String subject, int limit) {
    SessionConfig.checkSubject(subject);
    SessionConfig.checkListLimit(limit);
    Set<SessionId> ids = bySubject.getIfPresent(subject);
    if (ids == null) {
      return List.of();
    }
    List<Session> live = live(ids, clock.instant());
    return List.copyOf(live.subList(Math.max(0, live.size() - limit), live.size()));
  }

  /** Revokes all but the {@code keep} newest live sessions of the set, and drops dead ids from it. */
  private void keepNewest(Set<SessionId> ids, int keep, Instant now) {
    List<Session> live = live(ids, now);
    ids.retainAll(live.stream().map(Session::id).toList());
    for (int i = 0; i < live.size() - keep; i++) {
      SessionId oldest = live.get(i).id();
      sessions.invalidate(oldest);
      ids.remove(oldest);
    }
  }

  /**
   * A subject's session ids in creation order (sessions created in the same instant, as on a fake clock, keep
   * it too). Synchronized: the removal listener removes from it outside the index's {@code compute}.
   */
  private static Set<SessionId> newIndex() {
    return Collections.synchronizedSet(new LinkedHashSet<>());
  }

  /** The live sessions among {@code ids}, oldest first. */
  private List<Session> live(Set<SessionId> ids, Instant now) {
    List<Session> live = new ArrayList<>(ids.size());
    synchronized (ids) {
      for (SessionId id : ids) {
        Session session = sessions.getIfPresent(id);
        if (session != null && !session.isExpiredAt(now)) {
          live.add(session);
        }
      }
    }
    live.sort(Comparator.comparing(Session::createdAt));   // stable: ties keep creation order
    return live;
  }

  private void unindex(SessionId id, Session session, RemovalCause cause) {
    if (session == null || cause == RemovalCause.REPLACED) {
      return;
    }
    Set<SessionId> ids = bySubject.getIfPresent(session.subject());
    if (ids != null) {
      ids.remove(id);
    }
  }

  private Instant idleDeadline(Instant now, Instant absolute) {
    Instant idle = now.plus(config.idleTimeout());
    return idle.isBefore(absolute) ? idle : absolute;
  }

  private static long toNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** Lets Caffeine drop each entry at its session's own deadline. */
  private final class UntilSessionExpires implements Expiry<SessionId, Session> {
    @Override
    public long expireAfterCreate(SessionId id, Session session, long currentTime) {
      return nanosUntil(session.expiresAt());
    }

    @Override
    public long expireAfterUpdate(SessionId id, Session session, long currentTime, long currentDuration) {
      return nanosUntil(session.expiresAt());
    }

    @Override
    public long expireAfterRead(SessionId id, Session session, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private long nanosUntil(Instant deadline) {
      return Math.max(0, Duration.between(clock.instant(), deadline).toNanos());
    }
  }
}
