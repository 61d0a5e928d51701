package io.gatehouse.redis;

import io.gatehouse.session.Session;
import io.gatehouse.session.SessionId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's hash as Redis holds it, decoded: {@code sub} subject, {@code c} created, {@code l} last seen
 * (ms), {@code i} idle timeout (ms), {@code x} absolute expiry (ms), and {@code a:<name>} attributes.
 */
record SessionHash(String subject, long created, long lastSeen, long idle, long absoluteExpiry,
    Map<String, String> attributes) {

  /** Decodes the reply of {@code HGETALL} on an existing session key. */
  static SessionHash of(Map<String, String> fields) {
    Map<String, String> attributes = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (name.startsWith("a:")) {
        attributes.put(name.substring(2), value);
      }
    });
    return new SessionHash(field(fields, "sub"), millis(fields, "c"), millis(fields, "l"), millis(fields, "i"),
        millis(fields, "x"), attributes);
  }

  /** Decodes a script's {@code {id, subject, created, last seen, idle timeout, absolute expiry, name, value...}}. */
  static Session fromScriptReply(List<?> reply) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 6; i + 1 < reply.size(); i += 2) {
      attributes.put((String) reply.get(i), (String) reply.get(i + 1));
    }
    return new SessionHash((String) reply.get(1), (Long) reply.get(2), (Long) reply.get(3), (Long) reply.get(4),
        (Long) reply.get(5), attributes).toSession(new SessionId((String) reply.get(0)), (Long) reply.get(3));
  }

  /** The session as last seen at {@code lastSeenAt}: it expires at its idle or its absolute deadline, the earlier. */
  Session toSession(SessionId id, long lastSeenAt) {
    long expiry = Math.min(lastSeenAt + idle, absoluteExpiry);
    return new Session(id, subject, Instant.ofEpochMilli(created), Instant.ofEpochMilli(lastSeenAt),
        Instant.ofEpochMilli(expiry), Instant.ofEpochMilli(absoluteExpiry), attributes);
  }

  /**
   * A time or duration written by a script. Lua formats numbers with 14 significant digits, so a value written as
   * a float (never, today) would read as {@code 1.7644512e+12}: accepted too.
   */
  static long parseMillis(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return (long) Double.parseDouble(value);
    }
  }

  private static long millis(Map<String, String> fields, String name) {
    return parseMillis(field(fields, name));
  }

  private static String field(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      // A defect (every write sets all fields at once), not an outage: let it show.
      throw new IllegalStateException("session hash without its \"" + name + "\" field: " + fields.keySet());
    }
    return value;
  }
}
