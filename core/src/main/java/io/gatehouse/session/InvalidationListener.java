package io.gatehouse.session;

import java.time.Instant;

/**
 * What an {@link InvalidationChannel} tells its subscribers: a session or all of a subject's sessions were revoked
 * (by any instance), or messages may have been lost. Called on the channel's own thread; implementations must be
 * quick and must not throw.
 */
public interface InvalidationListener {

  /** The session {@code id} was revoked, or evicted by the per-subject cap. */
  void sessionRevoked(SessionId id);

  /** Every session of {@code subject} created before {@code notValidBefore} was revoked. */
  void subjectRevoked(String subject, Instant notValidBefore);

  /**
   * Messages may have been lost: the channel lost its connection, or has it again. Whatever the subscriber
   * learned before may be incomplete.
   */
  void reset();
}
