package io.gatehouse.web.csrf;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.web.testing.FakeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
  void allows_safeMethods_evenCrossSite(String method) {
    FakeRequest request = FakeRequest.of(method).header("Sec-Fetch-Site", "cross-site")
        .header("Origin", "https://evil.example").header("Host", "gate.example");

    assertThat(SameOriginGuard.allows(request)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "post", "Delete"})
  void refuses_stateChangingMethods_crossSite(String method) {
    assertThat(SameOriginGuard.allows(FakeRequest.of(method).header("Sec-Fetch-Site", "cross-site"))).isFalse();
  }

  @Test
  void allows_bearerRequests_crossSite() {
    FakeRequest request = FakeRequest.post().header("Authorization", "Bearer abc")
        .header("Sec-Fetch-Site", "cross-site").header("Origin", "https://evil.example").header("Host", "gate.example");

    assertThat(SameOriginGuard.allows(request)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
      "same-origin, true",
      "none, true",
      "' Same-Origin ', true",
      "NONE, true",
      "cross-site, false",
      "same-site, false",
      "'', false",
      "bogus, false"})
  void secFetchSite(String value, boolean allowed) {
    assertThat(SameOriginGuard.allows(FakeRequest.post().header("Sec-Fetch-Site", value))).isEqualTo(allowed);
  }

  @Test
  void secFetchSite_decides_originNotConsulted() {
    FakeRequest sameOriginFetchForeignOrigin = FakeRequest.post().header("Sec-Fetch-Site", "same-origin")
        .header("Origin", "https://evil.example").header("Host", "gate.example");
    FakeRequest crossSiteFetchOwnOrigin = FakeRequest.post().header("Sec-Fetch-Site", "cross-site")
        .header("Origin", "https://gate.example").header("Host", "gate.example");

    assertThat(SameOriginGuard.allows(sameOriginFetchForeignOrigin)).isTrue();
    assertThat(SameOriginGuard.allows(crossSiteFetchOwnOrigin)).isFalse();
  }

  @Test
  void origin_sameAsHost_allowed() {
    assertThat(SameOriginGuard.allows(
        FakeRequest.post().header("Origin", "https://gate.example").header("Host", "gate.example"))).isTrue();
  }

  @Test
  void origin_otherThanHost_refused() {
    assertThat(SameOriginGuard.allows(
        FakeRequest.post().header("Origin", "https://evil.example").header("Host", "gate.example"))).isFalse();
  }

  @Test
  void origin_withoutHost_refused() {
    assertThat(SameOriginGuard.allows(FakeRequest.post().header("Origin", "https://gate.example"))).isFalse();
  }

  @Test
  void origin_null_refused() {
    // Sandboxed frames and some redirects send "Origin: null".
    assertThat(SameOriginGuard.allows(FakeRequest.post().header("Origin", "null").header("Host", "gate.example")))
        .isFalse();
  }

  @Test
  void neitherSecFetchSiteNorOrigin_allowed() {
    assertThat(SameOriginGuard.allows(FakeRequest.post().header("Host", "gate.example"))).isTrue();
    assertThat(SameOriginGuard.allows(FakeRequest.post())).isTrue();
  }

  @Test
  void refusal_message() {
    assertThat(SameOriginGuard.REFUSAL).isEqualTo("cross-site request refused: a cookie-authenticated request that "
        + "changes state must come from this site's own pages (or use an Authorization: Bearer token)");
  }
}
