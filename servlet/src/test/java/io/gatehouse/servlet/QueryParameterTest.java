package io.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.web.api.ApiError;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The auth servlet reads the admin listing's {@code subject} from the query string itself. */
class QueryParameterTest {

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
      "subject=bob, bob",
      "a=1&subject=bob&subject=eve, bob",
      "subject=b%C3%B6b, b\u00f6b",
      "subject=a+b, a b",
      "subject=, ''",
      "subject, ''",
      "subjects=bob, NULL",
      "NULL, NULL"})
  void firstValue_decoded(String query, String expected) {
    assertThat(QueryParameter.value(query, "subject")).isEqualTo(expected);
  }

  @Test
  void badPercentEncoding_isA400() {
    assertThatThrownBy(() -> QueryParameter.value("subject=%zz", "subject"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessage("the query string is not correctly percent-encoded");
  }
}
