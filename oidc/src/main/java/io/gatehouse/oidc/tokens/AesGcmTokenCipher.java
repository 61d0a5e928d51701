package io.gatehouse.oidc.tokens;

import io.gatehouse.oidc.tokens.TokenCipherException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * {@link TokenCipher} {@code v1}: AES-256-GCM, a random 96-bit nonce per value, a 128-bit tag, and
 * {@code v1.<key id>} as additional authenticated data.
 *
 * <p>Why random nonces are safe here: GCM breaks if a nonce repeats under one key, and with random 96-bit nonces
 * that stays unlikely (below 2^-32) for up to 2^32 values per key; a login encrypts a handful of tokens, so a key
 * would have to serve billions of logins first. Rotate keys long before that, as for any other reason.
 */
final class AesGcmTokenCipher implements TokenCipher {

  static final String VERSION = "v1";
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  /** The longest value {@link #decrypt} reads: provider tokens are a few KB. */
  static final int MAX_ENCRYPTED_LENGTH = 64 * 1024;

  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final String FORMAT = "expected v1.<key id>.<base64url nonce>.<base64url ciphertext>";

  private final TokenKeyRing keys;
  private final SecureRandom random = new SecureRandom();

  AesGcmTokenCipher(TokenKeyRing keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public String encrypt(String plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    String keyId = keys.currentKeyId();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] ciphertext = run(Cipher.ENCRYPT_MODE, keys.currentKey(), keyId, nonce,
        plaintext.getBytes(StandardCharsets.UTF_8));
    return VERSION + "." + keyId + "." + ENCODER.encodeToString(nonce) + "." + ENCODER.encodeToString(ciphertext);
  }

  @Override
  public String decrypt(String encrypted) {
    if (encrypted == null || encrypted.length() > MAX_ENCRYPTED_LENGTH) {
      throw malformed("absent or longer than " + MAX_ENCRYPTED_LENGTH + " characters");
    }
    String[] parts = encrypted.split("\\.", -1);
    if (parts.length != 4) {
      throw malformed("it has " + parts.length + " parts");
    }
    if (!VERSION.equals(parts[0])) {
      throw malformed("unknown version");
    }
    String keyId = parts[1];
    if (!TokenKeyRing.KEY_ID.matcher(keyId).matches()) {
      throw malformed("bad key id");
    }
    if (!BASE64URL.matcher(parts[2]).matches() || !BASE64URL.matcher(parts[3]).matches()) {
      throw malformed("not base64url");
    }
    byte[] nonce;
    byte[] ciphertext;
    try {
      nonce = DECODER.decode(parts[2]);
      ciphertext = DECODER.decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw malformed("not base64url");
    }
    if (nonce.length != NONCE_BYTES) {
      throw malformed("the nonce must be " + NONCE_BYTES + " bytes");
    }
    if (ciphertext.length < TAG_BITS / 8) {
      throw malformed("the ciphertext is shorter than its tag");
    }
    SecretKey key = keys.key(keyId);
    if (key == null) {
      throw new TokenCipherException(Reason.UNKNOWN_KEY, "encrypted token names key id \"" + keyId
          + "\", which the token key ring does not hold (it holds " + keys.keyIds().stream().sorted().toList() + ")");
    }
    byte[] plaintext = run(Cipher.DECRYPT_MODE, key, keyId, nonce, ciphertext);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plaintext)).toString();
    } catch (CharacterCodingException e) {
      // Authenticated, so it was encrypted by a holder of the key: a defect, not an attack.
      throw new IllegalStateException("an authenticated token is not UTF-8 text", e);
    }
  }

  private static byte[] run(int mode, SecretKey key, String keyId, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD((VERSION + "." + keyId).getBytes(StandardCharsets.US_ASCII));
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new TokenCipherException(Reason.TAMPERED, "encrypted token failed authentication under key id \""
          + keyId + "\": it was changed, or encrypted with another key of that id");
    } catch (GeneralSecurityException e) {
      // AES-GCM is in every Java 17 runtime and the key's length is checked: this is a broken runtime.
      throw new IllegalStateException("AES-256-GCM is unavailable: " + e.getClass().getName(), e);
    }
  }

  private static TokenCipherException malformed(String why) {
    return new TokenCipherException(Reason.MALFORMED, "encrypted token is malformed (" + why + "): " + FORMAT);
  }

  @Override
  public String toString() {
    return "AesGcmTokenCipher{" + keys + "}";
  }
}
