package io.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.web.api.ApiError;
import org.junit.jupiter.api.Test;

/** Which endpoint answers a method and path, and the 404 and 405 answers when none does. */
class ServletRoutesTest {

  private final ServletRoutes<String> routes = new ServletRoutes<String>()
      .add("GET", "/sessions", "mine")
      .add("POST", "/sessions/revoke-all", "revoke-all")
      .add("DELETE", "/sessions/{id}", "revoke");

  @Test
  void exactPath_trailingSlashIgnored() {
    assertThat(routes.find("GET", "/sessions")).isEqualTo(new ServletRoutes.Match<>("mine", ""));
    assertThat(routes.find("GET", "/sessions/")).isEqualTo(new ServletRoutes.Match<>("mine", ""));
  }

  @Test
  void idSegment_isHandedOver_butNotAcrossSlashes() {
    assertThat(routes.find("DELETE", "/sessions/abc")).isEqualTo(new ServletRoutes.Match<>("revoke", "abc"));
    assertThatThrownBy(() -> routes.find("DELETE", "/sessions/a/b"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void fixedSegment_winsOverTheIdRoute_forItsMethod() {
    assertThat(routes.find("POST", "/sessions/revoke-all").handler()).isEqualTo("revoke-all");
  }

  @Test
  void unknownPath_404() {
    assertThatThrownBy(() -> routes.find("GET", "/nope"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void knownPathOtherMethod_405_withAllow() {
    assertThatThrownBy(() -> routes.find("PUT", "/sessions/revoke-all"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(405);
          assertThat(e.headers()).containsEntry("Allow", "POST, DELETE");
        });
  }
}
