package io.gatehouse.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The public identifier of a session, safe to show, list and log: it is derived from a hash of the token and
 * cannot be turned back into it.
 *
 * <p>Layout: {@code <subject tag, 22 chars><first 128 bits of SHA-256(token), 22 chars>}, all base64url. The
 * subject tag lets a store locate the subject's keys from the id alone (revoke by id is one round trip), and lets
 * a caller check cheaply that an id belongs to a subject ({@link #belongsTo(String)}).
 *
 * @param value the id; use {@link #parse(String)} for input from clients
 */
public record SessionId(String value) {

  /** Length of the subject tag at the start of every token and id. */
  public static final int TAG_LENGTH = 22;

  /** Length of every session id, in characters. */
  public static final int LENGTH = 44;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** Checks the form; use {@link #parse(String)} for untrusted input. */
  public SessionId {
    if (value == null || value.length() != LENGTH || !isBase64Url(value)) {
      throw new IllegalArgumentException(
          "session id must be " + LENGTH + " base64url characters, got " + describe(value));
    }
  }

  /** Parses an id sent by a client: empty, never an exception, when it is not of the right form. */
  public static Optional<SessionId> parse(String candidate) {
    if (candidate == null || candidate.length() != LENGTH || !isBase64Url(candidate)) {
      return Optional.empty();
    }
    return Optional.of(new SessionId(candidate));
  }

  /** The subject tag: the first 128 bits of SHA-256 of the subject, base64url. Shared by all its sessions. */
  public static String subjectTag(String subject) {
    byte[] hash = SessionToken.sha256(("gatehouse-subject:" + subject).getBytes(StandardCharsets.UTF_8));
    return ENCODER.encodeToString(hash).substring(0, TAG_LENGTH);
  }

  /** The subject tag of this id. */
  public String subjectTag() {
    return value.substring(0, TAG_LENGTH);
  }

  /** Whether this id can be a session of {@code subject}, judged from its tag alone. */
  public boolean belongsTo(String subject) {
    return subjectTag().equals(subjectTag(subject));
  }

  @Override
  public String toString() {
    return value;
  }

  static boolean isBase64Url(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String describe(String value) {
    if (value == null) {
      return "null";
    }
    return value.length() > 64 ? value.length() + " characters" : "\"" + value + "\"";
  }
}
