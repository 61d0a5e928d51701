package io.gatehouse.redis;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sessions in Redis, one Lua script per operation.
 *
 * <p>Keys, for a subject whose tag is {@code T} (see {@link SessionId#subjectTag(String)}), under the prefix:
 * <ul>
 *   <li>{@code {T}:s:<id>}: a session, a hash of subject, creation time, last-seen time, idle timeout, absolute
 *       expiry and attributes ({@code a:<name>}); its TTL is its own deadline (see below).
 *   <li>{@code {T}:idx}: the subject's session ids, a sorted set scored by creation time, for listing, the
 *       per-subject cap and revoke-all; its TTL is the longest absolute lifetime among them.
 *   <li>{@code {T}:nvb}: "not valid before", the time of the subject's last revoke-all; validation rejects any
 *       session created earlier, including ones the index does not know.
 * </ul>
 * The braces make {@code T} the hash tag of every key of a subject, so each script touches one Cluster slot. The
 * token carries {@code T} too, which is what lets validation, with its "not valid before" check, be one round trip.
 * Only the token's hash (in the id) reaches Redis, never the token.
 *
 * <p>Times written are the Redis server's ({@code TIME} inside the scripts), so instances with skewed clocks agree.
 *
 * <h2>Why validation is two plain reads, and how sliding expiry is refreshed</h2>
 *
 * <p>A session key's TTL is the truth of its life: every write (create, restore, touch) sets it to the earlier of
 * the idle deadline and the absolute one, so a key that exists has not expired. Validation therefore needs no
 * script: {@code HGETALL} of the session and {@code GET} of the subject's marker go out back to back on the one
 * connection (one round trip; both keys carry the tag the token holds, so one Cluster node answers both), and Java
 * rejects a session created before the marker, or past its absolute expiry on this instance's clock (a second
 * guard: the TTL ends there already). The idle deadline is not checked here: the TTL is it.
 *
 * <p>A refresh of the idle deadline is a write, and a write on every validation is what made validation cost
 * several times a {@code GET}; so it is coalesced to one per {@link SessionConfig#touchInterval()} and not awaited
 * ({@link SessionRefresh}). A session therefore expires between {@code idleTimeout - touchInterval} and
 * {@code idleTimeout} after its last use (less by how much this instance's clock lags the Redis server's).
 *
 * <h2>Why no call grows with the number of sessions a subject holds</h2>
 *
 * <p>A Redis script blocks the whole server while it runs, so one subject with many sessions must not be able to
 * stall every other client (nor this instance's failover deadline). Three things see all of a subject's sessions,
 * and each works in slices of at most {@value #SLICE} index entries per script call:
 * <ul>
 *   <li><b>Create</b> with a cap reads only the oldest entries, at most two slices, and trims the index back to the
 *       cap; an index far beyond the cap (from a deployment without one) shrinks by that much per creation.
 *   <li><b>List</b> reads the index newest first, a slice per call, until it has the sessions asked for, at most
 *       {@value #MAX_SLICES} calls; dead entries it meets are dropped, so a later call gets further.
 *   <li><b>Revoke-all</b> first sets the "not valid before" marker in one call: from then on no older session
 *       validates, whatever happens next. Deleting the revoked sessions is only tidying up, done in slices,
 *       oldest first, at most {@value #MAX_SLICES} calls and half the command timeout; what is left after that is
 *       passed over by list and the cap, deleted by the next revoke-all or creation, and expires with its TTL.
 * </ul>
 * One slice costs Redis a few milliseconds; the calls of one operation together stay well within a 250 ms
 * failover deadline.
 */
final class RedisSessionStore implements SessionBackend {

  private static final System.Logger LOG = System.getLogger(RedisSessionStore.class.getName());
  private static final long WARNING_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();
  /** How long revocations stop waiting for replicas after one was not acknowledged in time. */
  static final Duration WAIT_PAUSE = Duration.ofSeconds(5);
  private static final LuaScript CREATE = LuaScript.load("session-create");
  private static final LuaScript REVOKE = LuaScript.load("session-revoke");
  private static final LuaScript REVOKE_ALL = LuaScript.load("session-revoke-all");
  private static final LuaScript REVOKE_SLICE = LuaScript.load("session-revoke-slice");
  private static final LuaScript LIST = LuaScript.load("session-list");
  private static final LuaScript RESTORE = LuaScript.load("session-restore");
  private static final LuaScript TOUCH = LuaScript.load("session-touch");
  /** Index entries one script call reads at most: as many as the largest list. */
  static final int SLICE = SessionStore.MAX_LIST_LIMIT;
  /** Script calls one list or revoke-all makes at most, beyond the one that sets the marker. */
  static final int MAX_SLICES = 16;

  private final RedisApi redis;
  private final SessionConfig config;
  private final String prefix;
  private final int revocationReplicas;
  private final Duration revocationReplicaTimeout;
  private final int slice;
  private final SessionRefresh refresh;
  private final long tidyingNanos;
  private final SecureRandom random = new SecureRandom();
  private final LongAdder unacknowledged = new LongAdder();
  private final AtomicLong waitPausedUntil = new AtomicLong(System.nanoTime());
  private final AtomicLong lastUnacknowledgedWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS - 1);

  RedisSessionStore(RedisApi redis, SessionConfig config, RedisConfig redisConfig) {
    this(redis, config, redisConfig, SLICE);
  }

  /** A store with a smaller slice, for tests that cross slice boundaries with few sessions. */
  RedisSessionStore(RedisApi redis, SessionConfig config, RedisConfig redisConfig, int slice) {
    this.slice = slice;
    this.tidyingNanos = redisConfig.commandTimeout().toNanos() / 2;
    this.redis = redis;
    this.config = config;
    this.refresh = new SessionRefresh(redis, config.touchInterval());
    this.prefix = redisConfig.keyPrefix();
    this.revocationReplicas = redisConfig.revocationReplicas();
    this.revocationReplicaTimeout = redisConfig.revocationReplicaTimeout();
  }

  @Override
  public CreatedSession create(String subject, Map<String, String> attributes) {
    SessionConfig.checkSubject(subject);
    Map<String, String> checked = config.checkAttributes(attributes);
    SessionToken token = SessionToken.generate(subject, random);
    SessionId id = token.sessionId();
    long idle = config.idleTimeout().toMillis();
    long absolute = config.absoluteTimeout().toMillis();

    List<String> args = new ArrayList<>(7 + 2 * checked.size());
    args.addAll(List.of(subject, Long.toString(idle), Long.toString(absolute),
        Integer.toString(config.maxSessionsPerSubject()), sessionKeyPrefix(id.subjectTag()), id.value(),
        Integer.toString(slice)));
    checked.forEach((name, value) -> {
      args.add(name);
      args.add(value);
    });
    String tag = id.subjectTag();
    List<Object> reply = CREATE.run(redis,
        new String[] {sessionKey(id), indexKey(tag), notValidBeforeKey(tag)}, args.toArray(String[]::new));

    Instant created = Instant.ofEpochMilli((Long) reply.get(0));
    Instant absoluteExpiry = created.plusMillis(absolute);
    Instant idleExpiry = created.plusMillis(idle);
    Session session = new Session(id, subject, created, created,
        idleExpiry.isBefore(absoluteExpiry) ? idleExpiry : absoluteExpiry, absoluteExpiry, checked);
    return new CreatedSession(token, session);
  }

  @Override
  public Optional<Session> validate(SessionToken token) {
    SessionId id = token.sessionId();
    String key = sessionKey(id);
    String marker = notValidBeforeKey(id.subjectTag());
    RedisApi.HashAndString read = redis.hgetallAndGet(key, marker);
    if (read.hash().isEmpty()) {
      return Optional.empty();
    }
    SessionHash session = SessionHash.of(read.hash());
    long now = config.clock().millis();
    long notValidBefore = read.string() == null ? 0 : SessionHash.parseMillis(read.string());
    if (session.created() < notValidBefore || now >= session.absoluteExpiry()) {
      return Optional.empty();
    }
    long lastSeen = session.lastSeen();
    if (refresh.isDue(session, now)) {
      refresh.send(key, marker);
      lastSeen = now;
    }
    return Optional.of(session.toSession(id, lastSeen));
  }

  @Override
  public boolean revoke(SessionId id) {
    String key = sessionKey(id);
    boolean removed = REVOKE.runForInteger(redis, new String[] {key, indexKey(id.subjectTag())}, id.value()) > 0;
    awaitReplicas(key);
    return removed;
  }

  @Override
  public int revokeAll(String subject) {
    return revokeAll(subject, "");
  }

  @Override
  public int revokeAll(String subject, Instant notValidBefore) {
    return revokeAll(subject, Long.toString(notValidBefore.toEpochMilli()));
  }

  /**
   * Sets the marker (the revocation), then deletes the revoked sessions a slice at a time, counting the live
   * ones. It stops after {@link #MAX_SLICES} slices, or once half the command timeout has passed (which should
   * equal the failover deadline: tidying up must not make the revocation look like an outage); what is left is
   * counted from the index and left to later calls and TTLs.
   *
   * @param notValidBefore in ms, or empty for the Redis server's now
   */
  private int revokeAll(String subject, String notValidBefore) {
    SessionConfig.checkSubject(subject);
    String tag = SessionId.subjectTag(subject);
    String index = indexKey(tag);
    String sessions = sessionKeyPrefix(tag);
    List<Object> marked = REVOKE_ALL.run(redis, new String[] {index, notValidBeforeKey(tag)}, sessions,
        Long.toString(config.absoluteTimeout().toMillis()), notValidBefore, subject);
    awaitReplicas(index);
    long revoked = (Long) marked.get(0);
    String upTo = (String) marked.get(1);
    String countedFrom = (String) marked.get(2);
    long start = System.nanoTime();
    for (int i = 0; i < MAX_SLICES; i++) {
      List<Object> deleted = REVOKE_SLICE.run(redis, new String[] {index}, sessions, upTo, countedFrom,
          Integer.toString(slice));
      revoked += (Long) deleted.get(0);
      if ((Long) deleted.get(1) < slice || i == MAX_SLICES - 1 || System.nanoTime() - start > tidyingNanos) {
        revoked += (Long) deleted.get(2);
        break;
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, revoked);
  }

  /**
   * With {@link RedisConfig#revocationReplicas()} set, waits (at most the configured timeout) until that many
   * replicas have the revocation, so that a failover to one of them cannot undo it. Not acknowledged in time, the
   * revocation still stands on the master; this is logged, not thrown: failing it would keep the failover
   * decorator retrying for as long as a replica is missing (after a failover, until a new one is attached).
   *
   * <p>{@code WAIT} blocks the connection it runs on, and that connection is shared by every request: after a
   * shortfall, revocations stop waiting for {@link #WAIT_PAUSE}, instead of stalling all traffic for the timeout
   * on each revocation while no replica is there.
   */
  private void awaitReplicas(String key) {
    if (revocationReplicas == 0 || System.nanoTime() - waitPausedUntil.get() < 0) {
      return;
    }
    long acknowledged = redis.waitForReplicas(key, revocationReplicas, revocationReplicaTimeout);
    if (acknowledged < revocationReplicas) {
      unacknowledged.increment();
      long now = System.nanoTime();
      waitPausedUntil.set(now + WAIT_PAUSE.toNanos());
      long last = lastUnacknowledgedWarning.get();
      if (now - last > WARNING_INTERVAL_NANOS && lastUnacknowledgedWarning.compareAndSet(last, now)) {
        LOG.log(System.Logger.Level.WARNING, "A revocation was acknowledged by {0} of {1} replicas within {2} ms "
            + "({3} such so far): a failover now could bring revoked sessions back; not waiting for replicas for the "
            + "next 5 s", acknowledged,
            revocationReplicas, revocationReplicaTimeout.toMillis(), unacknowledged.sum());
      }
    }
  }

  @Override
  public boolean restore(Session session) {
    SessionId id = session.id();
    String tag = id.subjectTag();
    long lastSeen = session.lastSeenAt().toEpochMilli();
    long idle = Math.max(1, session.expiresAt().toEpochMilli() - lastSeen);
    if (session.expiresAt().equals(session.absoluteExpiresAt())) {
      idle = Math.max(idle, config.idleTimeout().toMillis());
    }
    List<String> args = new ArrayList<>(List.of(session.subject(),
        Long.toString(session.createdAt().toEpochMilli()), Long.toString(lastSeen), Long.toString(idle),
        Long.toString(session.absoluteExpiresAt().toEpochMilli()), id.value()));
    session.attributes().forEach((name, value) -> {
      args.add(name);
      args.add(value);
    });
    return RESTORE.runForInteger(redis, new String[] {sessionKey(id), indexKey(tag), notValidBeforeKey(tag)},
        args.toArray(String[]::new)) == 1;
  }

  @Override
  public boolean touch(SessionId id, Instant lastSeen) {
    return TOUCH.runForInteger(redis, new String[] {sessionKey(id), notValidBeforeKey(id.subjectTag())},
        Long.toString(lastSeen.toEpochMilli())) == 1;
  }

  /** One {@code GET} of the subject's marker, which revoke-all writes in ms. */
  @Override
  public Optional<Instant> notValidBefore(String subject) {
    SessionConfig.checkSubject(subject);
    String marker = redis.get(notValidBeforeKey(SessionId.subjectTag(subject)));
    return marker == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(new BigDecimal(marker).longValue()));
  }

  /** Reads the index newest first, a slice per call, until it has {@code limit} live sessions or reads no more. */
  @Override
  public List<Session> list(String subject, int limit) {
    SessionConfig.checkSubject(subject);
    SessionConfig.checkListLimit(limit);
    String tag = SessionId.subjectTag(subject);
    String[] keys = {indexKey(tag), notValidBeforeKey(tag)};
    List<Session> newestFirst = new ArrayList<>();
    String cursor = "+inf";
    for (int i = 0; i < MAX_SLICES && !cursor.isEmpty() && newestFirst.size() < limit; i++) {
      List<Object> reply = LIST.run(redis, keys, sessionKeyPrefix(tag), cursor, Integer.toString(slice),
          Integer.toString(limit - newestFirst.size()));
      cursor = (String) reply.get(0);
      for (Object entry : reply.subList(1, reply.size())) {
        newestFirst.add(SessionHash.fromScriptReply((List<?>) entry));
      }
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  private String sessionKeyPrefix(String tag) {
    return prefix + "{" + tag + "}:s:";
  }

  private String sessionKey(SessionId id) {
    return sessionKeyPrefix(id.subjectTag()) + id.value().substring(SessionId.TAG_LENGTH);
  }

  private String indexKey(String tag) {
    return prefix + "{" + tag + "}:idx";
  }

  private String notValidBeforeKey(String tag) {
    return prefix + "{" + tag + "}:nvb";
  }

  @Override
  public String toString() {
    return "RedisSessionStore{prefix=\"" + prefix + "\", " + config + "}";
  }
}
