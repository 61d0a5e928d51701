package io.gatehouse.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTokenTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void generate_carries256RandomBitsBehindTheSubjectTag() {
    SessionToken token = SessionToken.generate("alice", random);
    assertThat(token.value()).hasSize(65).startsWith(SessionId.subjectTag("alice"));
    byte[] secret = Base64.getUrlDecoder().decode(token.value().substring(SessionId.TAG_LENGTH));
    assertThat(secret).hasSize(32);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      assertThat(seen.add(SessionToken.generate("alice", random).value())).isTrue();
    }
  }

  @Test
  void sessionId_isStableAndDoesNotRevealTheSecret() {
    SessionToken token = SessionToken.generate("alice", random);
    SessionId id = token.sessionId();
    assertThat(id).isEqualTo(SessionToken.parse(token.value()).orElseThrow().sessionId());
    assertThat(id.value()).hasSize(44).startsWith(id.subjectTag());
    assertThat(token.value()).doesNotContain(id.value().substring(SessionId.TAG_LENGTH));
    assertThat(id.belongsTo("alice")).isTrue();
    assertThat(id.belongsTo("bob")).isFalse();
  }

  @Test
  void toString_masksTheSecret() {
    SessionToken token = SessionToken.generate("alice", random);
    assertThat(token.toString()).doesNotContain(token.value().substring(SessionId.TAG_LENGTH));
  }

  @Test
  void parse_rejectsWhatIsNotAToken() {
    String valid = SessionToken.generate("alice", random).value();
    assertThat(SessionToken.parse(valid)).isPresent();
    assertThat(SessionToken.parse(null)).isEmpty();
    assertThat(SessionToken.parse("")).isEmpty();
    assertThat(SessionToken.parse(valid.substring(1) + "+")).isEmpty();
    assertThat(SessionToken.parse(valid.substring(1) + "/")).isEmpty();
    assertThat(SessionToken.parse(valid + valid)).isEmpty();
  }

  @Test
  void sessionId_rejectsBadInput() {
    assertThat(SessionId.parse("nope")).isEmpty();
    assertThat(SessionId.parse(null)).isEmpty();
    assertThatThrownBy(() -> new SessionId("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("session id must be 44 base64url characters, got \"nope\"");
  }
}
