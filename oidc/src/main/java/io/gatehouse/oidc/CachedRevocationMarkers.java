package io.gatehouse.oidc;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.spi.StoreUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The subjects' revoke-all markers as a JWT check needs them: from a cache, so that a check of a subject in use
 * costs no round trip to the session store.
 *
 * <h2>How fresh is a marker, and why this way?</h2>
 *
 * <p>A revoke-all writes a per-subject "not valid before" marker ({@link SessionStore#notValidBefore}); sessions
 * check it inside their one validation round trip, but a JWT is verified without the store, so a second round trip
 * per token would double its cost. Instead each instance caches the marker per subject (Caffeine):
 * <ul>
 *   <li>Once a marker is {@link RevocationCheckConfig#refreshInterval()} old (1 s), the next check of the subject
 *       answers from the cache and starts one read in the background: the request thread does not wait.
 *   <li>Once it is {@link RevocationCheckConfig#maxAge()} old (2 s; a subject without checks for that long), the
 *       entry is gone and the next check waits for one read, at most {@link RevocationCheckConfig#readTimeout()}.
 * </ul>
 * So a revoke-all on any instance reaches the JWT checks of every instance within {@code maxAge}: for a subject in
 * steady use, within {@code refreshInterval} plus the gap to its next check plus one read.
 *
 * <p>When the store cannot be read ({@link StoreUnavailableException}, or a read slower than the timeout), a check
 * goes on with the last marker it read for the subject (kept for an hour after its last use), or with none for a
 * subject it never read. This fails open for a subject first seen during an outage, as the failover decorator does
 * for sessions: while degraded, an instance knows only its own revoke-alls, and a session revoked elsewhere just
 * before an outage may still validate from its near cache. With the failover decorator as the store (as
 * {@link io.gatehouse.Gatehouse#sessions()} is) reads never fail: they answer from memory while degraded.
 */
final class CachedRevocationMarkers {

  private static final System.Logger LOG = System.getLogger(CachedRevocationMarkers.class.getName());
  /** How long a marker read once is kept, after its last use, as the answer while the store fails. */
  static final Duration LAST_KNOWN_RETENTION = Duration.ofHours(1);

  private final SessionStore store;
  private final RevocationCheckConfig config;
  private final AsyncLoadingCache<String, Optional<Instant>> markers;
  private final Cache<String, Optional<Instant>> lastKnown;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final LongAdder reads = new LongAdder();
  private final LongAdder unknown = new LongAdder();

  CachedRevocationMarkers(SessionStore store, RevocationCheckConfig config) {
    this.store = store;
    this.config = config;
    this.markers = Caffeine.newBuilder()
        .maximumSize(config.maxSubjects())
        .refreshAfterWrite(config.refreshInterval())
        .expireAfterWrite(config.maxAge())
        .executor(config.executor())
        .ticker(config.ticker())
        .buildAsync(this::read);
    this.lastKnown = Caffeine.newBuilder()
        .maximumSize(config.maxSubjects())
        .expireAfterAccess(LAST_KNOWN_RETENTION)
        .ticker(config.ticker())
        .build();
  }

  /**
   * Whether {@code subject}'s token issued at {@code issuedAt} predates the subject's last revoke-all. A token
   * without {@code iat} cannot show that it does not, so it is revoked once the subject has a marker. {@code iat}
   * has whole seconds: a token issued in the same second as a revoke-all, even just after it, is revoked too.
   */
  boolean revoked(String subject, Date issuedAt) {
    Optional<Instant> marker = notValidBefore(subject);
    if (marker.isEmpty()) {
      return false;
    }
    return issuedAt == null || issuedAt.toInstant().isBefore(marker.get());
  }

  /** The subject's marker: cached, or read within the timeout, or the last known one, or none. */
  Optional<Instant> notValidBefore(String subject) {
    if (subject.isBlank() || subject.length() > SessionConfig.MAX_SUBJECT_LENGTH) {
      return Optional.empty();   // no revoke-all can name it
    }
    CompletableFuture<Optional<Instant>> marker = markers.get(subject);
    try {
      Optional<Instant> read = marker.get(config.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return read != null ? read : unknown(subject);
    } catch (TimeoutException e) {
      return unknown(subject);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof StoreUnavailableException)) {
        // A defect, not an outage: say so, but the token's check goes on as in an outage.
        LOG.log(Level.WARNING, "Reading a revoke-all marker failed: " + e.getCause());
      }
      return unknown(subject);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unknown(subject);
    }
  }

  private Optional<Instant> unknown(String subject) {
    unknown.increment();
    Optional<Instant> last = lastKnown.getIfPresent(subject);
    return last != null ? last : Optional.empty();
  }

  /**
   * One read of the store; on an outage the last known marker, or {@code null} (not cached, so the next check reads
   * again; and not an exception, which Caffeine would log with its trace for every new subject of an outage).
   */
  private Optional<Instant> read(String subject) {
    reads.increment();
    try {
      Optional<Instant> marker = store.notValidBefore(subject);
      lastKnown.put(subject, marker);
      if (failing.compareAndSet(true, false)) {
        LOG.log(Level.INFO, "Revoke-all markers are read from the session store again");
      }
      return marker;
    } catch (StoreUnavailableException e) {
      if (failing.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "Revoke-all markers cannot be read (" + e.getMessage() + "); JWT checks use the "
            + "last marker read per subject, none for subjects not seen before, until the store answers");
      }
      return lastKnown.getIfPresent(subject);
    }
  }

  /** Reads of the store so far, in the background or not. */
  long reads() {
    return reads.sum();
  }

  /** Checks that went on without a marker read in time (timeout or outage). */
  long unknownAnswers() {
    return unknown.sum();
  }

  @Override
  public String toString() {
    return "CachedRevocationMarkers{" + config + ", store=" + store + "}";
  }
}
