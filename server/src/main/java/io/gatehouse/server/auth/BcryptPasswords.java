package io.gatehouse.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Password hashing with bcrypt (Spring Security's {@code BCrypt}). bcrypt reads at most 72 bytes of a password;
 * longer ones are refused rather than silently truncated.
 */
public final class BcryptPasswords {

  /** Work factor of hashes made by {@code hash-password}: 2^12 rounds, about a quarter second on a server core. */
  public static final int COST = 12;
  /** Longest password bcrypt can hash, in UTF-8 bytes. */
  public static final int MAX_PASSWORD_BYTES = 72;

  private static final Pattern HASH = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private BcryptPasswords() {}

  /**
   * Hashes {@code password} at {@code cost}.
   *
   * @throws IllegalArgumentException if the password is empty or longer than {@value #MAX_PASSWORD_BYTES} bytes
   */
  public static String hash(String password, int cost) {
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("password must not be empty");
    }
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException("password must be at most " + MAX_PASSWORD_BYTES
          + " bytes (bcrypt ignores the rest), got " + bytes + " bytes");
    }
    return BCrypt.hashpw(password, BCrypt.gensalt(cost, RANDOM));
  }

  /** Whether {@code password} matches {@code hash}; {@code false} for a password bcrypt cannot take. */
  public static boolean matches(String password, String hash) {
    if (password == null || password.isEmpty()
        || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      return false;
    }
    return BCrypt.checkpw(password, hash);
  }

  /** Whether {@code text} has the form of a bcrypt hash this server can check. */
  public static boolean isHash(String text) {
    return text != null && HASH.matcher(text).matches();
  }

  /** The work factor recorded in a bcrypt hash. */
  static int cost(String hash) {
    return Integer.parseInt(hash.substring(4, 6));
  }
}
