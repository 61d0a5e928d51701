package io.gatehouse.web.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FakeRequestTest {

  @Test
  void headers_severalLinesOfOneName_inOrder_matchedCaseInsensitively() {
    FakeRequest request = FakeRequest.get().header("Cookie", "a=1").header("X-Other", "x").header("cookie", "b=2");

    assertThat(request.headers("COOKIE")).containsExactly("a=1", "b=2");
    assertThat(request.header("Cookie")).contains("a=1");
    assertThat(request.headers("Authorization")).isEmpty();
    assertThat(request.header("Authorization")).isEmpty();
  }

  @Test
  void withMethods_leaveTheOriginalUnchanged() {
    FakeRequest original = FakeRequest.post();

    FakeRequest changed = original.header("Origin", "https://gate.example").peer("10.0.0.2");

    assertThat(original.headers("Origin")).isEmpty();
    assertThat(original.peerAddress()).isEqualTo(FakeRequest.DEFAULT_PEER);
    assertThat(changed.method()).isEqualTo("POST");
    assertThat(changed.headers("Origin")).containsExactly("https://gate.example");
    assertThat(changed.peerAddress()).isEqualTo("10.0.0.2");
  }
}
