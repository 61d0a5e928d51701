package io.gatehouse.web.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.testing.FakeClock;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.testing.FakeRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeviceCookieTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final FakeClock clock = new FakeClock();
  private final DeviceCookie cookie = DeviceCookie.builder().key(KEY).clock(clock).build();

  @Test
  void setCookie_hostPrefixed_httpOnly_secure_lax_forItsLifetime() {
    String header = cookie.setCookie("alice");

    assertThat(header).matches("__Host-gatehouse_device=[A-Za-z0-9_-]{22}\\.1767225600\\.[A-Za-z0-9_-]{43}"
        + "; Path=/; Max-Age=7776000; HttpOnly; SameSite=Lax; Secure");
    assertThat(header).doesNotContainIgnoringCase("alice");
  }

  @Test
  void like_takesSecureAndSameSiteFromTheSessionCookie() {
    SessionCookie plain = SessionCookie.builder().secure(false).sameSite(SessionCookie.SameSite.STRICT).build();

    DeviceCookie device = DeviceCookie.builder().key(KEY).like(plain).build();

    assertThat(device.name()).isEqualTo("gatehouse_device");
    assertThat(device.setCookie("alice")).endsWith("; Path=/; Max-Age=7776000; HttpOnly; SameSite=Strict");
  }

  @Test
  void verify_theUsernameItWasSetFor_inAnyCase() {
    String value = value(cookie.setCookie("Alice"));

    assertThat(cookie.verify(value, "alice")).contains(value.substring(0, 22));
    assertThat(cookie.verify(value, "ALICE")).contains(value.substring(0, 22));
    assertThat(cookie.verify(value, "bob")).isEmpty();
  }

  @Test
  void verify_byAnotherInstanceWithTheSameKey() {
    String value = value(cookie.setCookie("alice"));

    DeviceCookie elsewhere = DeviceCookie.builder().key(KEY.clone()).clock(clock).build();

    assertThat(elsewhere.verify(value, "alice")).isPresent();
  }

  @Test
  void verify_refusesAnotherKey_aRandomKey_andTampering() {
    String value = value(cookie.setCookie("alice"));
    byte[] otherKey = KEY.clone();
    otherKey[0] = 'X';

    assertThat(DeviceCookie.builder().key(otherKey).clock(clock).build().verify(value, "alice")).isEmpty();
    assertThat(DeviceCookie.builder().randomKey().clock(clock).build().verify(value, "alice")).isEmpty();
    String[] parts = value.split("\\.");
    assertThat(cookie.verify(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2], "alice"))
        .as("issue time moved").isEmpty();
    assertThat(cookie.verify("AAAAAAAAAAAAAAAAAAAAAA." + parts[1] + "." + parts[2], "alice")).as("id swapped")
        .isEmpty();
  }

  @Test
  void verify_untilItsLifetimeEnds() {
    String value = value(cookie.setCookie("alice"));

    clock.advance(DeviceCookie.DEFAULT_LIFETIME.minusSeconds(1));
    assertThat(cookie.verify(value, "alice")).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(cookie.verify(value, "alice")).isEmpty();
  }

  @Test
  void verify_issuedFarInTheFuture_refused() {
    clock.advance(Duration.ofMinutes(6));
    String value = value(cookie.setCookie("alice"));
    clock.advance(Duration.ofMinutes(-6));

    assertThat(cookie.verify(value, "alice")).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(cookie.verify(value, "alice")).as("within five minutes of skew").isPresent();
  }

  @Test
  void verify_garbage_empty() {
    for (String garbage : new String[] {"", "a.b.c", "x".repeat(10_000), "..", null}) {
      assertThat(cookie.verify(garbage, "alice")).as(String.valueOf(garbage)).isEmpty();
    }
  }

  @Test
  void read_fromTheCookieHeader() {
    String value = value(cookie.setCookie("alice"));
    FakeRequest request = FakeRequest.post().header("Cookie", "other=1; __Host-gatehouse_device=" + value);

    assertThat(cookie.read(request)).contains(value);
    assertThat(cookie.read(FakeRequest.post().header("Cookie", "gatehouse_device=" + value))).as("without the prefix")
        .isEmpty();
  }

  @Test
  void randomKey_isThisInstancesOnly() {
    DeviceCookie one = DeviceCookie.builder().randomKey().build();
    DeviceCookie two = DeviceCookie.builder().randomKey().build();

    assertThat(one.perInstance()).isTrue();
    assertThat(cookie.perInstance()).isFalse();
    assertThat(two.verify(value(one.setCookie("alice")), "alice")).isEmpty();
  }

  @Test
  void toString_namesNoKey() {
    assertThat(cookie.toString()).isEqualTo("DeviceCookie{__Host-gatehouse_device, HttpOnly, SameSite=Lax, Secure, "
        + "lifetime PT2160H, shared key}");
  }

  @Test
  void builder_badValues_rejectedWithTheRule() {
    assertThatThrownBy(() -> DeviceCookie.builder().key(new byte[31])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device cookie key must be at least 32 bytes, got 31 bytes");
    assertThatThrownBy(() -> DeviceCookie.builder().key(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device cookie key must be at least 32 bytes, got null");
    assertThatThrownBy(() -> DeviceCookie.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("device cookie needs key(...), shared by every instance, or randomKey() for a single instance");
    assertThatThrownBy(() -> DeviceCookie.builder().lifetime(Duration.ofDays(401)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device cookie lifetime must be 1 minute to 400 days, got PT9624H");
    assertThatThrownBy(() -> DeviceCookie.builder().randomKey().secure(false).sameSite(SessionCookie.SameSite.NONE)
        .build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("device cookie SameSite=None needs secure(true): browsers drop a SameSite=None cookie that is not "
            + "Secure");
  }

  @Test
  void key_isCopied_soLaterChangesToTheArrayDoNotMatter() {
    byte[] key = KEY.clone();
    DeviceCookie device = DeviceCookie.builder().key(key).clock(clock).build();
    String value = value(device.setCookie("alice"));

    key[0] = 'X';

    assertThat(device.verify(value, "alice")).isPresent();
  }

  private static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }
}
