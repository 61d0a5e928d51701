package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "Bearer abc|abc",
      "bearer abc|abc",
      "BEARER abc|abc",
      "BeArEr abc|abc",
      "Bearer     abc|abc",
      "  Bearer abc  |abc",
      "Bearer abc=|abc=",
      "Bearer abc==|abc==",
      "Bearer Az09-._~+/|Az09-._~+/",
      "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"})
  void parse_wellFormed(String header, String token) {
    assertThat(BearerToken.parse(header)).contains(token);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {
      "Bearer",
      "Bearer ",
      "Bearer    ",
      "Bearerabc",
      "Bearer\tabc",
      "Bearer a b",
      "Bearer abc, Bearer def",
      "Bearer abc Bearer def",
      "Bearer ===",
      "Bearer =abc",
      "Bearer ab=c",
      "Bearer ab$c",
      "Bearer ab,c",
      "Bearer ab\"c",
      "Bearer \"abc\"",
      "Bearer äbc",
      "Basic dXNlcjpwYXNz",
      "Token abc",
      "Bear abc",
      "abc"})
  void parse_notABearerCredential_empty(String header) {
    assertThat(BearerToken.parse(header)).isEmpty();
  }

  @Test
  void parse_headerOfTheMaximumLength_read_longer_ignored() {
    String longest = "Bearer " + "a".repeat(BearerToken.MAX_HEADER_LENGTH - "Bearer ".length());

    assertThat(longest).hasSize(BearerToken.MAX_HEADER_LENGTH);
    assertThat(BearerToken.parse(longest)).contains(longest.substring("Bearer ".length()));
    assertThat(BearerToken.parse(longest + "a")).isEmpty();
  }
}
