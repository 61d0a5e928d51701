package io.gatehouse.web.csrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.web.testing.FakeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SameOriginGuardTest {

  private static final SameOriginGuard HOST_RULE = SameOriginGuard.hostHeader();
  private static final SameOriginGuard PUBLIC = SameOriginGuard.publicOrigins(
      List.of(Origin.parse("https://gate.example"), Origin.parse("http://localhost:8000")));

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

    assertThat(HOST_RULE.allows(request)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "post", "Delete"})
  void refuses_stateChangingMethods_crossSite(String method) {
    assertThat(HOST_RULE.allows(FakeRequest.of(method).header("Sec-Fetch-Site", "cross-site"))).isFalse();
  }

  @Test
  void allows_bearerRequests_crossSite() {
    FakeRequest request = FakeRequest.post().header("Authorization", "Bearer abc")
        .header("Sec-Fetch-Site", "cross-site").header("Origin", "https://evil.example").header("Host", "gate.example");

    assertThat(HOST_RULE.allows(request)).isTrue();
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
    assertThat(HOST_RULE.allows(FakeRequest.post().header("Sec-Fetch-Site", value))).isEqualTo(allowed);
  }

  @Test
  void secFetchSite_decides_originNotConsulted() {
    FakeRequest sameOriginFetchForeignOrigin = FakeRequest.post().header("Sec-Fetch-Site", "same-origin")
        .header("Origin", "https://evil.example").header("Host", "gate.example");
    FakeRequest crossSiteFetchOwnOrigin = FakeRequest.post().header("Sec-Fetch-Site", "cross-site")
        .header("Origin", "https://gate.example").header("Host", "gate.example");

    assertThat(HOST_RULE.allows(sameOriginFetchForeignOrigin)).isTrue();
    assertThat(HOST_RULE.allows(crossSiteFetchOwnOrigin)).isFalse();
  }

  @Test
  void origin_sameAsHost_allowed() {
    assertThat(HOST_RULE.allows(
        FakeRequest.post().header("Origin", "https://gate.example").header("Host", "gate.example"))).isTrue();
  }

  @Test
  void origin_otherThanHost_refused() {
    assertThat(HOST_RULE.allows(
        FakeRequest.post().header("Origin", "https://evil.example").header("Host", "gate.example"))).isFalse();
  }

  @Test
  void origin_withoutHost_refused() {
    assertThat(HOST_RULE.allows(FakeRequest.post().header("Origin", "https://gate.example"))).isFalse();
  }

  @Test
  void origin_null_refused() {
    // Sandboxed frames and some redirects send "Origin: null".
    assertThat(HOST_RULE.allows(FakeRequest.post().header("Origin", "null").header("Host", "gate.example")))
        .isFalse();
  }

  @Test
  void neitherSecFetchSiteNorOrigin_allowed() {
    assertThat(HOST_RULE.allows(FakeRequest.post().header("Host", "gate.example"))).isTrue();
    assertThat(HOST_RULE.allows(FakeRequest.post())).isTrue();
  }

  @Test
  void refusal_message() {
    assertThat(SameOriginGuard.REFUSAL).isEqualTo("cross-site request refused: a cookie-authenticated request that "
        + "changes state must come from this site's own pages (or use an Authorization: Bearer token)");
  }

  // --- public origins: scheme, host and port

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "https://gate.example, true",
      "https://gate.example:443, true",
      "HTTPS://GATE.EXAMPLE, true",
      "http://localhost:8000, true",
      "http://gate.example, false",
      "https://gate.example:8443, false",
      "https://localhost:8000, false",
      "https://evil.example, false",
      "null, false",
      "not a url, false"})
  void publicOrigins_originMustMatchInSchemeHostAndPort(String origin, boolean allowed) {
    FakeRequest request = FakeRequest.of("POST").header("Origin", origin).header("Host", "gate.example");

    assertThat(PUBLIC.allows(request)).isEqualTo(allowed);
  }

  @Test
  void publicOrigins_crossSchemeOrigin_refusedEvenWithAMatchingHostHeader() {
    FakeRequest fromPlainHttp = FakeRequest.of("POST").header("Origin", "http://gate.example")
        .header("Host", "gate.example");

    assertThat(HOST_RULE.allows(fromPlainHttp)).as("the fallback rule cannot see the scheme").isTrue();
    assertThat(PUBLIC.allows(fromPlainHttp)).isFalse();
  }

  @Test
  void publicOrigins_fetchSiteAndOriginMustBothPass() {
    assertThat(PUBLIC.allows(FakeRequest.of("POST").header("Sec-Fetch-Site", "same-origin")
        .header("Origin", "https://evil.example"))).isFalse();
    assertThat(PUBLIC.allows(FakeRequest.of("POST").header("Sec-Fetch-Site", "cross-site")
        .header("Origin", "https://gate.example"))).isFalse();
    assertThat(PUBLIC.allows(FakeRequest.of("POST").header("Sec-Fetch-Site", "same-origin")
        .header("Origin", "https://gate.example"))).isTrue();
    assertThat(PUBLIC.allows(FakeRequest.of("POST"))).as("neither header: not a browser").isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gate.example", "ftp://gate.example", "https://gate.example/app", "https://u:p@gate.example",
      "https://gate.example?x=1", "https://", ""})
  void origin_parse_refusesWhatIsNotAnOrigin(String text) {
    assertThatThrownBy(() -> Origin.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("public origin must be an origin like https://gate.example or http://localhost:8000 (scheme, "
            + "host and optional port; no path, query or user), got \"" + text + "\"");
  }

  @Test
  void origin_toString_omitsTheDefaultPort() {
    assertThat(Origin.parse("HTTPS://Gate.Example:443/")).hasToString("https://gate.example");
    assertThat(Origin.parse("http://localhost:8000")).hasToString("http://localhost:8000");
  }
}
