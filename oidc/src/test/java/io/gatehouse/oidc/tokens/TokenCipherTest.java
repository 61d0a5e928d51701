package io.gatehouse.oidc.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.oidc.tokens.TokenCipherException.Reason;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AES-256-GCM token encryption: round trip, rotation, tampering, wrong keys, malformed input, and no key in text. */
class TokenCipherTest {

  static final String K1 = randomKey();
  static final String K2 = randomKey();
  static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

  static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static TokenCipher cipher(String ring) {
    return TokenCipher.aesGcm(TokenKeyRing.parse(ring));
  }

  static final TokenCipher ONE = cipher("k1:" + K1);

  @Test
  void roundTrip_anyText_withTheFormat() {
    for (String text : new String[] {TOKEN, "", "naïve ☃ 🗝", "x".repeat(10_000)}) {
      String encrypted = ONE.encrypt(text);
      assertThat(encrypted).matches("v1\\.k1\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+");
      assertThat(ONE.decrypt(encrypted)).isEqualTo(text);
    }
  }

  @Test
  void everyEncryption_hasItsOwnNonce() {
    Set<String> nonces = new HashSet<>();
    Set<String> values = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String encrypted = ONE.encrypt(TOKEN);
      values.add(encrypted);
      nonces.add(encrypted.split("\\.")[2]);
    }
    assertThat(nonces).hasSize(1000);
    assertThat(values).hasSize(1000);
  }

  @Test
  void rotation_encryptsWithTheCurrentKey_decryptsWithAnyKnownOne() {
    String old = ONE.encrypt(TOKEN);
    TokenCipher rotated = cipher("k2:" + K2 + ", k1:" + K1);

    String fresh = rotated.encrypt(TOKEN);
    assertThat(fresh).startsWith("v1.k2.");
    assertThat(rotated.decrypt(old)).isEqualTo(TOKEN);
    assertThat(rotated.decrypt(fresh)).isEqualTo(TOKEN);

    TokenCipher retired = cipher("k2:" + K2);
    assertThat(retired.tryDecrypt(old)).isEmpty();
    assertThat(retired.tryDecrypt(fresh)).contains(TOKEN);
    assertThatThrownBy(() -> retired.decrypt(old)).isInstanceOf(TokenCipherException.class)
        .hasMessage("encrypted token names key id \"k1\", which the token key ring does not hold (it holds [k2])")
        .extracting(e -> ((TokenCipherException) e).reason()).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void wrongKeyUnderTheSameId_failsAuthentication() {
    String encrypted = ONE.encrypt(TOKEN);
    assertThatThrownBy(() -> cipher("k1:" + K2).decrypt(encrypted)).isInstanceOf(TokenCipherException.class)
        .hasMessage("encrypted token failed authentication under key id \"k1\": it was changed, or encrypted with "
            + "another key of that id")
        .extracting(e -> ((TokenCipherException) e).reason()).isEqualTo(Reason.TAMPERED);
  }

  @Test
  void tampering_anyPart_failsAuthentication() {
    String[] parts = ONE.encrypt(TOKEN).split("\\.");
    String flippedCiphertext = String.join(".", parts[0], parts[1], parts[2], flip(parts[3], 0));
    String flippedTag = String.join(".", parts[0], parts[1], parts[2], flip(parts[3], -1));
    String flippedNonce = String.join(".", parts[0], parts[1], flip(parts[2], 3), parts[3]);
    // The same key under another id: the key id is authenticated, so the value cannot be moved to it.
    TokenCipher twoIds = TokenCipher.aesGcm(TokenKeyRing.builder().key("k1", K1).key("k9", K1).current("k1").build());
    String movedToAnotherId = String.join(".", parts[0], "k9", parts[2], parts[3]);

    for (String tampered : new String[] {flippedCiphertext, flippedTag, flippedNonce}) {
      assertThatThrownBy(() -> ONE.decrypt(tampered)).isInstanceOf(TokenCipherException.class)
          .extracting(e -> ((TokenCipherException) e).reason()).isEqualTo(Reason.TAMPERED);
    }
    assertThatThrownBy(() -> twoIds.decrypt(movedToAnotherId))
        .extracting(e -> ((TokenCipherException) e).reason()).isEqualTo(Reason.TAMPERED);
  }

  /** Flips one bit of the decoded bytes at {@code index} (negative: from the end), re-encoded. */
  private static String flip(String base64url, int index) {
    byte[] bytes = Base64.getUrlDecoder().decode(base64url);
    int i = index < 0 ? bytes.length + index : index;
    bytes[i] ^= 0x01;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static Stream<Arguments> malformed() {
    String good = ONE.encrypt(TOKEN);
    String[] p = good.split("\\.");
    return Stream.of(
        Arguments.of("", "it has 1 parts"),
        Arguments.of("v1", "it has 1 parts"),
        Arguments.of(good + ".extra", "it has 5 parts"),
        Arguments.of("v2.k1." + p[2] + "." + p[3], "unknown version"),
        Arguments.of("V1.k1." + p[2] + "." + p[3], "unknown version"),
        Arguments.of("v1.." + p[2] + "." + p[3], "bad key id"),
        Arguments.of("v1.k 1." + p[2] + "." + p[3], "bad key id"),
        Arguments.of("v1.k1." + p[2] + "=." + p[3], "not base64url"),
        Arguments.of("v1.k1." + p[2] + ".a+b/", "not base64url"),
        Arguments.of("v1.k1.A." + p[3], "not base64url"),
        Arguments.of("v1.k1.AAAA." + p[3], "the nonce must be 12 bytes"),
        Arguments.of("v1.k1." + p[2] + ".AAAA", "the ciphertext is shorter than its tag"),
        Arguments.of("v1.k1." + p[2] + "." + "A".repeat(70_000), "absent or longer than 65536 characters"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("malformed")
  void malformed_refusedWithTheReason_neverQuotingTheValue(String value, String why) {
    assertThatThrownBy(() -> ONE.decrypt(value)).isInstanceOf(TokenCipherException.class)
        .hasMessage("encrypted token is malformed (" + why + "): expected v1.<key id>.<base64url nonce>."
            + "<base64url ciphertext>")
        .extracting(e -> ((TokenCipherException) e).reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void keyRing_badConfiguration_refusedNamingTheKeyId_neverQuotingTheKey() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> TokenKeyRing.parse("k1:" + shortKey))
        .hasMessage("token key \"k1\" must be 32 bytes (AES-256) in base64, such as the output of openssl rand "
            + "-base64 32; got 16 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> TokenKeyRing.parse("k1:not*base64")).hasMessage("token key \"k1\" is not valid base64");
    assertThatThrownBy(() -> TokenKeyRing.parse("k1.a:" + K1))
        .hasMessage("a token key id must be 1 to 32 letters, digits, '_' or '-', got \"k1.a\"");
    assertThatThrownBy(() -> TokenKeyRing.parse(K1)).hasMessage("token key entry 1 must be <key id>:<base64 32-byte key>")
        .hasMessageNotContaining(K1);
    assertThatThrownBy(() -> TokenKeyRing.parse("k1:" + K1 + ",k1:" + K2)).hasMessage("token key id \"k1\" is given twice");
    assertThatThrownBy(() -> TokenKeyRing.parse(" ")).hasMessage("a token key ring needs at least one "
        + "<key id>:<base64 32-byte key> entry");
    assertThatThrownBy(() -> TokenKeyRing.builder().key("k1", K1).current("k2").build())
        .hasMessage("the current token key id \"k2\" is not in the ring, which holds [k1]");
  }

  @Test
  void keyRing_urlSafeBase64_andKeyBytes_areAccepted() {
    byte[] raw = Base64.getDecoder().decode(K1);
    TokenCipher fromBytes = TokenCipher.aesGcm(TokenKeyRing.builder().key("k1", raw).current("k1").build());
    TokenCipher urlSafe = cipher("k1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    assertThat(urlSafe.decrypt(fromBytes.encrypt(TOKEN))).isEqualTo(TOKEN);
  }

  @Test
  void toString_listsKeyIdsOnly() {
    TokenKeyRing ring = TokenKeyRing.parse("k2:" + K2 + ",k1:" + K1);
    assertThat(ring).hasToString("TokenKeyRing{current=k2, keyIds=[k1, k2]}");
    assertThat(TokenCipher.aesGcm(ring).toString()).doesNotContain(K1, K2)
        .isEqualTo("AesGcmTokenCipher{TokenKeyRing{current=k2, keyIds=[k1, k2]}}");
  }
}
