package io.gatehouse.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiErrorTest {

  @Test
  void factories() {
    assertError(ApiError.badRequest("m"), 400, "bad_request", Map.of());
    assertError(ApiError.unauthorized("m"), 401, "unauthorized", Map.of("WWW-Authenticate", "Bearer"));
    assertError(ApiError.forbidden("m"), 403, "forbidden", Map.of());
    assertError(ApiError.notFound("m"), 404, "not_found", Map.of());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 200, 399, 600})
  void status_outside400To599_rejected(int status) {
    assertThatThrownBy(() -> new ApiError(status, "x", "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be 400 to 599, got " + status);
  }

  @Test
  void headers_copiedInOrder_andUnmodifiable() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("B", "2");
    headers.put("A", "1");

    ApiError error = new ApiError(429, "x", "m", headers);
    headers.put("C", "3");

    assertThat(error.headers()).containsExactly(entry("B", "2"), entry("A", "1"));
    assertThatThrownBy(() -> error.headers().put("D", "4")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anAnswer_notAFault_noStackTrace() {
    assertThat(ApiError.notFound("m").getStackTrace()).isEmpty();
  }

  private static void assertError(ApiError error, int status, String code, Map<String, String> headers) {
    assertThat(error.status()).isEqualTo(status);
    assertThat(error.error()).isEqualTo(code);
    assertThat(error).hasMessage("m");
    assertThat(error.headers()).isEqualTo(headers);
  }
}
