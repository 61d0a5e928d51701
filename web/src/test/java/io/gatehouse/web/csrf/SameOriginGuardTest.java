package io.gatehouse.web.csrf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SameOriginGuardTest {

  @ParameterizedTest
  @CsvSource({
      "http://localhost:8000, localhost:8000, true",
      "https://gate.example, gate.example, true",
      "https://gate.example, gate.example:443, true",
      "http://gate.example, gate.example:80, true",
      "HTTP://Gate.Example, gate.example, true",
      "https://evil.example, gate.example, false",
      "https://gate.example.evil.example, gate.example, false",
      "http://localhost:8001, localhost:8000, false",
      "null, gate.example, false",
      "not a url, gate.example, false"})
  void sameAuthority(String origin, String host, boolean expected) {
    assertThat(SameOriginGuard.sameAuthority(origin, host)).isEqualTo(expected);
  }
}
