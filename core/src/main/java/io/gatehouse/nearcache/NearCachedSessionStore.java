package io.gatehouse.nearcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.InvalidationChannel;
import io.gatehouse.session.InvalidationListener;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionToken;
import io.gatehouse.spi.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A session store that answers {@link #validate} from an in-process cache of sessions the store validated lately,
 * dropping them when an {@link InvalidationChannel} says they were revoked anywhere.
 *
 * <h2>Why a cached session is never valid after its revocation was announced</h2>
 *
 * <ul>
 *   <li><b>No channel, no cache.</b> While the channel is not connected every call goes to the store, since a
 *       revocation published meanwhile would be lost; on each {@link #reset()} (the channel dropped, or is back)
 *       the cache is emptied, so nothing learned before a gap in the messages is served after it.
 *   <li><b>No stale fill.</b> A validation that was in flight while a revocation (or reset) arrived does not fill
 *       the cache: every message bumps {@link #generation}, and a fill checks it after putting, removing its entry
 *       if it changed. The message may arrive before or after the fill; either way the entry is gone.
 *   <li><b>Bounded staleness.</b> An entry is served for at most {@link NearCacheConfig#maxStaleness()} after the
 *       store confirmed it, and never past the session's own deadline as the store saw it, counted from before
 *       the store was asked (so never later than the store would say). A clock that went back counts as doubt:
 *       the entry is dropped and the store asked.
 * </ul>
 *
 * <p>Sliding expiry: a hit pushes the session's idle deadline forward in the store through
 * {@link SessionBackend#touch}, asynchronously and at most once per {@link NearCacheConfig#touchInterval()} per
 * session; touches that cannot be queued or reach the store are dropped, as the next miss slides it anyway.
 */
public final class NearCachedSessionStore implements SessionBackend, InvalidationListener {

  /**
   * {@code store} behind a near cache: validations are answered from this process for up to the config's
   * staleness, except while {@code invalidations} is not connected, and a session revoked anywhere (as the channel
   * announces it) is dropped at once. Closing it closes {@code store}.
   */
  public static SessionBackend wrap(SessionBackend store, InvalidationChannel invalidations, NearCacheConfig config) {
    return new NearCachedSessionStore(Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(invalidations, "invalidations"),
        Objects.requireNonNull(config, "config"));
  }

  private static final int TOUCH_QUEUE = 4096;

  private final SessionBackend store;
  private final InvalidationChannel channel;
  private final Clock clock;
  private final Duration maxStaleness;
  private final Duration touchInterval;
  private final Cache<SessionId, Entry> cache;
  private final AtomicLong generation = new AtomicLong();
  private final ThreadPoolExecutor toucher;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  NearCachedSessionStore(SessionBackend store, InvalidationChannel channel, NearCacheConfig config) {
    this.store = store;
    this.channel = channel;
    this.clock = config.clock();
    this.maxStaleness = config.maxStaleness();
    this.touchInterval = config.touchInterval();
    this.cache = Caffeine.newBuilder().maximumSize(config.maxEntries()).executor(Runnable::run).build();
    this.toucher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(TOUCH_QUEUE),
        runnable -> {
          Thread thread = new Thread(runnable, "gatehouse-near-cache-touch");
          thread.setDaemon(true);
          return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
    channel.subscribe(this);
  }

  @Override
  public Optional<Session> validate(SessionToken token) {
    SessionId id = token.sessionId();
    if (!channel.isConnected()) {
      misses.increment();
      return store.validate(token);
    }
    Instant now = clock.instant();
    Entry entry = cache.getIfPresent(id);
    if (entry != null) {
      if (entry.servableAt(now)) {
        hits.increment();
        touchIfDue(entry, now);
        return Optional.of(entry.seenAt(now));
      }
      cache.asMap().remove(id, entry);
    }
    misses.increment();
    long seen = generation.get();
    Optional<Session> session = store.validate(token);
    if (session.isEmpty()) {
      cache.invalidate(id);
    } else if (channel.isConnected()) {
      Entry fresh = new Entry(session.get(), now, maxStaleness);
      cache.put(id, fresh);
      if (generation.get() != seen) {
        cache.asMap().remove(id, fresh);
      }
    }
    return session;
  }

  private void touchIfDue(Entry entry, Instant now) {
    Instant last = entry.touched.get();
    if (Duration.between(last, now).compareTo(touchInterval) >= 0 && entry.touched.compareAndSet(last, now)) {
      Session session = entry.seenAt(now);
      toucher.execute(() -> {
        try {
          store.touch(session.id(), session.lastSeenAt());
        } catch (StoreUnavailableException e) {
          // Dropped: the next validation that misses the cache slides the deadline in the store anyway.
        }
      });
    }
  }

  @Override
  public void sessionRevoked(SessionId id) {
    generation.incrementAndGet();
    cache.invalidate(id);
  }

  @Override
  public void subjectRevoked(String subject, Instant notValidBefore) {
    generation.incrementAndGet();
    String tag = SessionId.subjectTag(subject);
    cache.asMap().keySet().removeIf(id -> id.subjectTag().equals(tag));
  }

  @Override
  public void reset() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  @Override
  public boolean revoke(SessionId id) {
    sessionRevoked(id);
    return store.revoke(id);
  }

  @Override
  public int revokeAll(String subject) {
    subjectRevoked(SessionConfig.checkSubject(subject), Instant.MAX);
    return store.revokeAll(subject);
  }

  @Override
  public int revokeAll(String subject, Instant notValidBefore) {
    subjectRevoked(SessionConfig.checkSubject(subject), notValidBefore);
    return store.revokeAll(subject, notValidBefore);
  }

  @Override
  public CreatedSession create(String subject, Map<String, String> attributes) {
    return store.create(subject, attributes);
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
    return store.touch(id, lastSeen);
  }

  /** Validations answered from the cache, and those that asked the store. */
  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }

  @Override
  public void close() {
    toucher.shutdownNow();
    store.close();
  }

  @Override
  public String toString() {
    return "NearCachedSessionStore{" + store + ", connected=" + channel.isConnected() + ", hits=" + hits.sum()
        + ", misses=" + misses.sum() + ", entries=" + cache.estimatedSize() + "}";
  }

  /** A session as the store confirmed it, and until when (on this instance's clock) it may be served. */
  private static final class Entry {
    final Session session;
    final Instant fetched;
    final Instant servableUntil;
    final AtomicReference<Instant> touched;

    /** {@code asked} is when the store was asked: the session's deadlines count from no later than that. */
    Entry(Session session, Instant asked, Duration maxStaleness) {
      this.session = session;
      this.fetched = asked;
      Instant byStaleness = asked.plus(maxStaleness);
      Instant byExpiry = asked.plus(Duration.between(session.lastSeenAt(), session.expiresAt()));
      this.servableUntil = byStaleness.isBefore(byExpiry) ? byStaleness : byExpiry;
      this.touched = new AtomicReference<>(asked);
    }

    boolean servableAt(Instant now) {
      return !now.isBefore(fetched) && now.isBefore(servableUntil);
    }

    /** The session as the store will see it once touched now: last seen later, idle deadline slid (capped). */
    Session seenAt(Instant now) {
      Duration elapsed = Duration.between(fetched, now);
      Instant expires = session.expiresAt().plus(elapsed);
      if (expires.isAfter(session.absoluteExpiresAt())) {
        expires = session.absoluteExpiresAt();
      }
      return new Session(session.id(), session.subject(), session.createdAt(), session.lastSeenAt().plus(elapsed),
          expires, session.absoluteExpiresAt(), session.attributes());
    }
  }
}
