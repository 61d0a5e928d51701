package io.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathPrefixesTest {

  @ParameterizedTest
  @CsvSource({
      "/api, /api, true",
      "/api, /api/notes, true",
      "/api, /api/, true",
      "/api/, /api/notes, true",
      "/api/, /api, true",
      "/api, /apis, false",
      "/api, /ap, false",
      "/api, /, false",
      "/api, /API, false",
      "/admin/users, /admin/users/7, true",
      "/admin/users, /admin, false",
      "/, /, true",
      "/, /anything/at/all, true",
      "/v1.0, /v1.0/x, true"})
  void matches_itselfAndWhatIsBelowIt(String prefix, String path, boolean expected) {
    assertThat(PathPrefixes.of("login path prefix", prefix).matches(path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"api", "/api/*", "*.jsp", "/api?x=1", "/api#top", "/a b", "/api;jsessionid=1", "",
      "//api", "/api/../admin", "/./api", "/api/..", "/%61pi", "/\u00e4pi"})
  void of_rejectsWhatIsNotAPlainPath(String prefix) {
    assertThatThrownBy(() -> PathPrefixes.of("login path prefix", prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("login path prefix must be a path such as /api (starting with /, without wildcards, query, spaces,"
            + " '.' or '..' segments), got \"" + prefix + "\"");
  }

  @org.junit.jupiter.api.Test
  void of_rejectsNullAndNothing() {
    assertThatThrownBy(() -> PathPrefixes.of("login path prefix", (String) null))
        .hasMessage("login path prefix must be a path such as /api (starting with /, without wildcards, query, spaces,"
            + " '.' or '..' segments), got null");
    assertThatThrownBy(() -> PathPrefixes.of("login path prefix"))
        .hasMessage("at least one login path prefix is needed, such as /api");
  }
}
