package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.SessionCookie.SameSite;
import io.gatehouse.web.testing.FakeRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionCookieTest {

  private static final String NAME = "__Host-gatehouse_session";

  private final FakeClock clock = new FakeClock();
  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.builder()
      .clock(clock)
      .idleTimeout(Duration.ofMinutes(30))
      .absoluteTimeout(Duration.ofHours(12))
      .build());
  private final SessionCookie cookie = SessionCookie.create();

  // --- name and attributes

  @Test
  void create_isHostPrefixedSecureLaxAtRoot() {
    assertThat(cookie.name()).isEqualTo(NAME);
    assertThat(cookie.secure()).isTrue();
    assertThat(cookie.sameSite()).isEqualTo(SameSite.LAX);
    assertThat(cookie.path()).isEqualTo("/");
    assertThat(cookie).hasToString("SessionCookie{__Host-gatehouse_session, Path=/, HttpOnly, SameSite=Lax, Secure}");
  }

  @Test
  void name_getsTheHostPrefix_whenSecureAtRoot() {
    assertThat(SessionCookie.builder().name("sid").build().name()).isEqualTo("__Host-sid");
  }

  @Test
  void name_noPrefix_whenNotSecure() {
    SessionCookie plain = SessionCookie.builder().name("sid").secure(false).build();

    assertThat(plain.name()).isEqualTo("sid");
    assertThat(plain).hasToString("SessionCookie{sid, Path=/, HttpOnly, SameSite=Lax}");
  }

  @Test
  void name_noPrefix_whenPathIsNotRoot() {
    assertThat(SessionCookie.builder().name("sid").path("/app").build().name()).isEqualTo("sid");
  }

  @Test
  void name_noPrefix_whenHostPrefixTurnedOff() {
    assertThat(SessionCookie.builder().name("sid").hostPrefix(false).build().name()).isEqualTo("sid");
  }

  // --- Set-Cookie

  @Test
  void setCookie_exactHeader_maxAgeIsTheAbsoluteLifetime() {
    CreatedSession created = sessions.create("alice", Map.of());

    assertThat(cookie.setCookie(created, clock.instant())).isEqualTo(
        NAME + "=" + created.token().value() + "; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure");
  }

  @Test
  void setCookie_maxAgeCountsDownToTheAbsoluteExpiry_notTheIdleOne() {
    CreatedSession created = sessions.create("alice", Map.of());
    clock.advance(Duration.ofHours(5).plusMillis(500));

    assertThat(cookie.setCookie(created, clock.instant()))
        .isEqualTo(NAME + "=" + created.token().value() + "; Path=/; Max-Age=25199; HttpOnly; SameSite=Lax; Secure");
  }

  @Test
  void setCookie_pastTheAbsoluteExpiry_maxAgeZero() {
    CreatedSession created = sessions.create("alice", Map.of());
    clock.advance(Duration.ofHours(13));

    assertThat(cookie.setCookie(created, clock.instant())).contains("; Max-Age=0;");
  }

  @Test
  void setCookie_plainHttpStrictSubPath() {
    SessionCookie custom = SessionCookie.builder().name("sid").secure(false).sameSite(SameSite.STRICT).path("/app")
        .build();
    CreatedSession created = sessions.create("alice", Map.of());

    assertThat(custom.setCookie(created, clock.instant()))
        .isEqualTo("sid=" + created.token().value() + "; Path=/app; Max-Age=43200; HttpOnly; SameSite=Strict");
  }

  @Test
  void setCookie_sameSiteNone_isSecure() {
    SessionCookie none = SessionCookie.builder().sameSite(SameSite.NONE).build();
    CreatedSession created = sessions.create("alice", Map.of());

    assertThat(none.setCookie(created, clock.instant()))
        .isEqualTo(NAME + "=" + created.token().value() + "; Path=/; Max-Age=43200; HttpOnly; SameSite=None; Secure");
  }

  @Test
  void clearCookie_emptyValue_maxAgeZero_sameAttributes() {
    assertThat(cookie.clearCookie()).isEqualTo(NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
    assertThat(SessionCookie.builder().name("sid").secure(false).build().clearCookie())
        .isEqualTo("sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  }

  // --- reading the Cookie header

  @Test
  void read_noCookieHeader_empty() {
    assertThat(cookie.read(FakeRequest.get())).isEmpty();
  }

  @Test
  void read_amongOtherCookies() {
    assertThat(cookie.read(FakeRequest.get().header("Cookie", "theme=dark; " + NAME + "=abc; lang=en")))
        .contains("abc");
  }

  @Test
  void read_firstOfTheNameAcrossHeaderLines() {
    FakeRequest request = FakeRequest.get()
        .header("Cookie", "theme=dark")
        .header("cookie", NAME + "=first; " + NAME + "=second")
        .header("Cookie", NAME + "=third");

    assertThat(cookie.read(request)).contains("first");
  }

  @Test
  void read_quotedValue_unquoted() {
    assertThat(cookie.read(FakeRequest.get().header("Cookie", NAME + "=\"abc\""))).contains("abc");
  }

  @Test
  void read_loneQuote_keptAsIs() {
    assertThat(cookie.read(FakeRequest.get().header("Cookie", NAME + "=\""))).contains("\"");
  }

  @Test
  void read_whitespaceAroundNameAndValue_trimmed() {
    assertThat(cookie.read(FakeRequest.get().header("Cookie", "a=1 ;   " + NAME + " =  abc  ;b=2"))).contains("abc");
  }

  @Test
  void read_valueWithEquals_keptWhole() {
    assertThat(cookie.read(FakeRequest.get().header("Cookie", NAME + "=a=b="))).contains("a=b=");
  }

  @Test
  void read_emptyValue_present() {
    assertThat(cookie.read(FakeRequest.get().header("Cookie", NAME + "="))).contains("");
  }

  @Test
  void read_pairsWithoutNameOrEquals_skipped() {
    assertThat(cookie.read(FakeRequest.get().header("Cookie", "flag; =orphan; " + NAME + "=abc"))).contains("abc");
  }

  @Test
  void read_garbage_returnedAsIs_forTheStoreToReject() {
    assertThat(cookie.read(FakeRequest.get().header("Cookie", NAME + "=not a token!"))).contains("not a token!");
  }

  @Test
  void read_unprefixedCookieOfTheSameName_isNotReadWhenPrefixed() {
    // A sibling subdomain can plant "gatehouse_session" for our host, never "__Host-gatehouse_session".
    assertThat(cookie.read(FakeRequest.get().header("Cookie", "gatehouse_session=planted"))).isEmpty();
    assertThat(cookie.read(FakeRequest.get().header("Cookie", "gatehouse_session=planted; " + NAME + "=real")))
        .contains("real");
  }

  @Test
  void read_nameIsCaseSensitive() {
    assertThat(cookie.read(FakeRequest.get().header("Cookie", "__host-gatehouse_session=abc"))).isEmpty();
  }

  @Test
  void read_overlongHeaderLine_skipped_laterLineRead() {
    String filler = "x=" + "a".repeat(SessionCookie.MAX_HEADER_LENGTH);
    FakeRequest request = FakeRequest.get()
        .header("Cookie", NAME + "=hidden; " + filler)
        .header("Cookie", NAME + "=seen");

    assertThat(cookie.read(request)).contains("seen");
  }

  @Test
  void read_headerLineOfExactlyTheMaximum_read() {
    String line = NAME + "=abc; x=";
    line += "a".repeat(SessionCookie.MAX_HEADER_LENGTH - line.length());

    assertThat(line).hasSize(SessionCookie.MAX_HEADER_LENGTH);
    assertThat(cookie.read(FakeRequest.get().header("Cookie", line))).contains("abc");
    assertThat(cookie.read(FakeRequest.get().header("Cookie", line + "a"))).isEmpty();
  }

  @Test
  void read_unprefixedCookie_whenConfiguredWithoutPrefix() {
    SessionCookie plain = SessionCookie.builder().secure(false).build();

    assertThat(plain.read(FakeRequest.get().header("Cookie", "gatehouse_session=abc"))).contains("abc");
    assertThat(plain.read(FakeRequest.get().header("Cookie", NAME + "=abc"))).isEmpty();
  }

  // --- builder errors

  @ParameterizedTest
  @ValueSource(strings = {"", "bad name", "semi;colon", "comma,", "equals=", "quote\"", "ünicode"})
  void name_notAToken_rejected(String name) {
    assertThatThrownBy(() -> SessionCookie.builder().name(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cookie name must be 1 to 64 letters, digits or !#$%&'*+.^_`|~-, got \"" + name + "\"");
  }

  @Test
  void name_null_rejected() {
    assertThatThrownBy(() -> SessionCookie.builder().name(null))
        .hasMessage("cookie name must be 1 to 64 letters, digits or !#$%&'*+.^_`|~-, got null");
  }

  @Test
  void name_64Characters_accepted_65Rejected() {
    assertThat(SessionCookie.builder().name("n".repeat(64)).hostPrefix(false).build().name()).hasSize(64);
    assertThatThrownBy(() -> SessionCookie.builder().name("n".repeat(65)))
        .hasMessage("cookie name must be 1 to 64 letters, digits or !#$%&'*+.^_`|~-, got \"" + "n".repeat(65) + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"__Host-sid", "__host-sid", "__Secure-sid", "__SECURE-sid"})
  void name_withPrefix_rejected(String name) {
    assertThatThrownBy(() -> SessionCookie.builder().name(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cookie name must be given without the __Host- or __Secure- prefix, got \"" + name
            + "\"; the __Host- prefix is added by hostPrefix(true)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "app", "/a;b", "/a b", "/tab\t", "/ünicode"})
  void path_bad_rejected(String path) {
    assertThatThrownBy(() -> SessionCookie.builder().path(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cookie path must start with / and hold no ';', spaces or control characters, got \"" + path
            + "\"");
  }

  @Test
  void path_null_rejected() {
    assertThatThrownBy(() -> SessionCookie.builder().path(null))
        .hasMessage("cookie path must start with / and hold no ';', spaces or control characters, got null");
  }

  @Test
  void sameSiteNone_withoutSecure_rejected() {
    assertThatThrownBy(() -> SessionCookie.builder().sameSite(SameSite.NONE).secure(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cookie SameSite=None needs secure(true): browsers drop a SameSite=None cookie that is not Secure");
  }

  @Test
  void sameSite_null_rejected() {
    assertThatThrownBy(() -> SessionCookie.builder().sameSite(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sameSite");
  }
}
