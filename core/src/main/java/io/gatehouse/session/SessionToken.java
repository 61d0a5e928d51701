package io.gatehouse.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret a client presents to prove it holds a session: 256 random bits behind a routing tag, in base64url.
 *
 * <p>Layout: {@code <subject tag, 22 chars><secret, 43 chars>}. The secret is 32 bytes from {@link SecureRandom}.
 * The tag is derived from the subject (see {@link SessionId#subjectTag(String)}); it is not secret and gives no
 * access, it only lets a store find the subject's keys (on Redis Cluster, their slot) from the token alone, so that
 * validation, including the subject's "revoke all" marker, is one round trip.
 *
 * <p>Stores never keep the token: they keep its {@link #sessionId()}, a hash. {@link #toString()} masks the value,
 * so a token that reaches a log line by accident leaks nothing.
 */
public final class SessionToken {

  /** Length of every token, in characters. */
  public static final int LENGTH = SessionId.TAG_LENGTH + 43;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String value;

  private SessionToken(String value) {
    this.value = value;
  }

  /** Creates a new random token for {@code subject}. */
  public static SessionToken generate(String subject, SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return new SessionToken(SessionId.subjectTag(subject) + ENCODER.encodeToString(secret));
  }

  /**
   * Parses what a client sent. Returns empty, never throws, for {@code null}, the wrong length, or any character
   * outside the base64url alphabet, so callers can reject garbage before any store is asked.
   */
  public static Optional<SessionToken> parse(String candidate) {
    if (candidate == null || candidate.length() != LENGTH || !SessionId.isBase64Url(candidate)) {
      return Optional.empty();
    }
    return Optional.of(new SessionToken(candidate));
  }

  /** The token as the client must present it. Never log it. */
  public String value() {
    return value;
  }

  /** The public id of this token's session: the subject tag and a SHA-256 hash of the whole token. */
  public SessionId sessionId() {
    byte[] hash = sha256(value.getBytes(StandardCharsets.US_ASCII));
    String digest = ENCODER.encodeToString(hash).substring(0, SessionId.LENGTH - SessionId.TAG_LENGTH);
    return new SessionId(value.substring(0, SessionId.TAG_LENGTH) + digest);
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }

  /** Compares in constant time, so equality checks cannot be used as a timing oracle. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SessionToken
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.US_ASCII),
            ((SessionToken) other).value.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Masked: shows only the non-secret subject tag. */
  @Override
  public String toString() {
    return "SessionToken[" + value.substring(0, SessionId.TAG_LENGTH) + "…]";
  }
}
