package io.gatehouse.oidc.tokens;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of a {@link TokenCipher}: 256-bit AES keys by key id, one of them current. Values are encrypted with the
 * current key and decrypted with the key they name, so keys rotate without a flag day: add the new key, make it
 * current, and remove the old one once nothing encrypted with it can still be in use (the sessions holding such
 * values have expired).
 *
 * <p>Immutable. Every value is checked where it is given, and refused with a message naming the key id, never
 * quoting key material; {@link #toString()} lists the key ids only.
 */
public final class TokenKeyRing {

  /** Key ids: 1 to 32 letters, digits, {@code _} or {@code -} (no {@code .}, the format's separator). */
  public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  /** The key length: AES-256. */
  public static final int KEY_BYTES = 32;

  private final String current;
  private final Map<String, SecretKey> keys;

  private TokenKeyRing(String current, Map<String, SecretKey> keys) {
    this.current = current;
    this.keys = Map.copyOf(keys);
  }

  /**
   * A ring from its configuration text: {@code <key id>:<base64 key>} entries separated by commas, the first one
   * current, such as {@code 2026-11:q2x...=,2026-05:Zk1...=} (each key 32 random bytes, e.g.
   * {@code openssl rand -base64 32}; standard or URL-safe base64).
   *
   * @throws IllegalArgumentException naming the faulty entry by its position or key id, never quoting a key
   */
  public static TokenKeyRing parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a token key ring needs at least one <key id>:<base64 32-byte key> entry");
    }
    Builder builder = builder();
    String[] entries = text.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("token key entry " + (i + 1) + " must be <key id>:<base64 32-byte key>");
      }
      String id = entry.substring(0, colon);
      builder.key(id, entry.substring(colon + 1));
      if (i == 0) {
        builder.current(id);
      }
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The id of the key new values are encrypted with. */
  public String currentKeyId() {
    return current;
  }

  /** Every key id the ring can decrypt. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  SecretKey currentKey() {
    return keys.get(current);
  }

  /** The key with this id, or {@code null}. */
  SecretKey key(String id) {
    return keys.get(id);
  }

  @Override
  public String toString() {
    return "TokenKeyRing{current=" + current + ", keyIds=" + keys.keySet().stream().sorted().toList() + "}";
  }

  /** Builds a {@link TokenKeyRing}; each key is checked as it is added. */
  public static final class Builder {

    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private String current;

    private Builder() {}

    /**
     * Adds a key.
     *
     * @param id see {@link #KEY_ID}
     * @param base64 32 bytes, standard or URL-safe base64, padded or not
     */
    public Builder key(String id, String base64) {
      checkId(id);
      if (keys.containsKey(id)) {
        throw new IllegalArgumentException("token key id \"" + id + "\" is given twice");
      }
      keys.put(id, new SecretKeySpec(decode(id, base64), "AES"));
      return this;
    }

    /** Adds a key given as its 32 bytes (copied). */
    public Builder key(String id, byte[] key) {
      checkId(id);
      Objects.requireNonNull(key, "key");
      if (key.length != KEY_BYTES) {
        throw new IllegalArgumentException("token key \"" + id + "\" must be 32 bytes (AES-256), got " + key.length);
      }
      if (keys.putIfAbsent(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException("token key id \"" + id + "\" is given twice");
      }
      return this;
    }

    /** Which key encrypts new values; must be one of the ring's. */
    public Builder current(String id) {
      this.current = checkId(id);
      return this;
    }

    public TokenKeyRing build() {
      if (keys.isEmpty()) {
        throw new IllegalStateException("a token key ring needs at least one key");
      }
      if (current == null) {
        throw new IllegalStateException("the current token key id is not set; the ring holds " + keys.keySet());
      }
      if (!keys.containsKey(current)) {
        throw new IllegalStateException("the current token key id \"" + current + "\" is not in the ring, which "
            + "holds " + keys.keySet());
      }
      return new TokenKeyRing(current, keys);
    }

    private static String checkId(String id) {
      if (id == null || !KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("a token key id must be 1 to 32 letters, digits, '_' or '-', got "
            + (id == null ? "null" : "\"" + id + "\""));
      }
      return id;
    }

    private static byte[] decode(String id, String base64) {
      if (base64 == null) {
        throw new IllegalArgumentException("token key \"" + id + "\" is missing");
      }
      String text = base64.strip().replace('-', '+').replace('_', '/');
      byte[] key;
      try {
        key = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("token key \"" + id + "\" is not valid base64");
      }
      if (key.length != KEY_BYTES) {
        throw new IllegalArgumentException("token key \"" + id + "\" must be 32 bytes (AES-256) in base64, such as "
            + "the output of openssl rand -base64 32; got " + key.length + " bytes");
      }
      return key;
    }
  }
}
