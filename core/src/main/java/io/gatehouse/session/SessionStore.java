package io.gatehouse.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where sessions live: created with a fresh token, validated with sliding idle expiry, listed and revoked.
 *
 * <p>All implementations pass the same contract suite ({@code SessionStoreContract} in the core test-jar). Every
 * method is thread-safe. A malformed token or id is not an error: {@link #validate(String)} answers empty and
 * the revoke methods answer {@code false}, without asking the backing store.
 *
 * <p>A remote implementation throws {@link io.gatehouse.spi.StoreUnavailableException} when its store cannot be reached
 * in time, and nothing else for an outage; the failover decorator turns that into an answer from memory.
 */
public interface SessionStore extends AutoCloseable {

  /** How many sessions {@link #list(String)} returns at most: the newest ones. */
  int DEFAULT_LIST_LIMIT = 100;

  /** The largest limit {@link #list(String, int)} accepts. */
  int MAX_LIST_LIMIT = 1_000;

  /**
   * Creates a session for {@code subject}. If the subject already holds the configured maximum of live sessions,
   * its oldest ones are revoked to make room.
   *
   * @param subject who the session is for; 1 to {@value SessionConfig#MAX_SUBJECT_LENGTH} characters
   * @param attributes small string data kept with the session; may be empty, within the config's limits
   * @return the session and the token to hand to the client (the only time it is available)
   * @throws IllegalArgumentException if the subject or the attributes break the config's rules
   */
  CreatedSession create(String subject, Map<String, String> attributes);

  /**
   * Returns the session if the token is valid: known, not revoked, within its idle timeout and its absolute
   * lifetime. Pushes the idle deadline forward (sliding expiry). On Redis this is one round trip.
   */
  Optional<Session> validate(SessionToken token);

  /** Parses and validates what a client sent: empty for a malformed token, without asking the store. */
  default Optional<Session> validate(String token) {
    return SessionToken.parse(token).flatMap(this::validate);
  }

  /** Revokes the token's session; {@code true} if a live session was removed. */
  default boolean revoke(SessionToken token) {
    return revoke(token.sessionId());
  }

  /** Revokes a session by its public id; {@code true} if a live session was removed. */
  boolean revoke(SessionId id);

  /**
   * Revokes every session of {@code subject}, atomically for later validations: no session of the subject
   * created before this call validates after it returns.
   *
   * <p>The revocation itself is one step whatever the number of sessions (on Redis, a per-subject "not valid
   * before" marker that validation checks); removing the revoked sessions' data may take several bounded steps,
   * and a store may leave what exceeds its per-call budget to expire on its own (Redis deletes up to 16,000
   * sessions per call, fewer if that takes more than half its command timeout), since none of it validates any
   * more.
   *
   * @return how many live sessions were revoked. A store that leaves sessions to expire counts those from its
   *     per-subject index, which may include a few that had just expired on their own
   */
  int revokeAll(String subject);

  /**
   * When {@code subject}'s last {@link #revokeAll revoke-all} took effect: its "not valid before" marker. Every
   * session of the subject created earlier is revoked, and so should be any other credential issued to it earlier,
   * such as a JWT with an older {@code iat}, which is what this read is for. Empty if the subject was never
   * revoked, or so long ago that no session from before it can still live (the marker lasts the absolute session
   * lifetime). On Redis this is one {@code GET}; nothing is changed.
   *
   * @throws IllegalArgumentException if the subject is invalid (see {@link SessionConfig#checkSubject})
   */
  Optional<Instant> notValidBefore(String subject);

  /**
   * The newest live sessions of {@code subject}, at most {@value #DEFAULT_LIST_LIMIT}, oldest first. Does not
   * extend them. The same as {@code list(subject, DEFAULT_LIST_LIMIT)}.
   */
  default List<Session> list(String subject) {
    return list(subject, DEFAULT_LIST_LIMIT);
  }

  /**
   * The newest live sessions of {@code subject}, at most {@code limit}, oldest first. Does not extend them.
   *
   * <p>The work is bounded by {@code limit}, not by how many sessions the subject holds: a store reads the
   * subject's sessions newest first and stops once it has {@code limit} live ones (on Redis, in slices of at most
   * {@value #MAX_LIST_LIMIT} index entries per call, at most 16 calls, dropping dead entries as it meets them: behind
   * more dead entries than that it returns fewer sessions, and gets further on the next call). To see whether a
   * subject holds more, ask for one more than needed.
   *
   * @param limit 1 to {@value #MAX_LIST_LIMIT}
   * @throws IllegalArgumentException quoting the limit, if it is out of range, or if the subject is invalid
   */
  List<Session> list(String subject, int limit);

  /** Releases resources (connections, caches). The default does nothing. */
  @Override
  default void close() {}

  /** An in-memory store: thread-safe, bounded by {@link SessionConfig#maxInMemorySessions()}, expiring. */
  static SessionStore inMemory(SessionConfig config) {
    return SessionBackend.inMemory(config);
  }
}
