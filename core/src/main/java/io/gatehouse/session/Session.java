package io.gatehouse.session;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A live session as a store last saw it. Holds no secret: the token is only in {@link CreatedSession}.
 *
 * @param id the public id, derived from the token's hash
 * @param subject who the session belongs to, for example a user name
 * @param createdAt when it was created
 * @param lastSeenAt when it was last validated (or created)
 * @param expiresAt when it expires unless validated again: the idle deadline or the absolute one, whichever is first
 * @param absoluteExpiresAt when it expires however active it is
 * @param attributes small string data attached at creation, immutable
 */
public record Session(
    SessionId id,
    String subject,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant absoluteExpiresAt,
    Map<String, String> attributes) {

  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    attributes = Map.copyOf(attributes);
  }

  /** Whether the session is expired at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
