package io.gatehouse.web.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void parse_blank_trustsNoOne(String list) {
    TrustedProxies none = TrustedProxies.parse(list);

    assertThat(none).isSameAs(TrustedProxies.none());
    assertThat(none.isEmpty()).isTrue();
    assertThat(none).hasToString("(none)");
    assertThat(none.contains(ip("127.0.0.1"))).isFalse();
  }

  @Test
  void parse_list_containsEachBlock() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 127.0.0.1,::1");

    assertThat(proxies.isEmpty()).isFalse();
    assertThat(proxies).hasToString("10.0.0.0/8,127.0.0.1,::1");
    assertThat(proxies.contains(ip("10.20.30.40"))).isTrue();
    assertThat(proxies.contains(ip("127.0.0.1"))).isTrue();
    assertThat(proxies.contains(ip("::1"))).isTrue();
    assertThat(proxies.contains(ip("127.0.0.2"))).isFalse();
    assertThat(proxies.contains(ip("203.0.113.7"))).isFalse();
  }

  @Test
  void parse_badEntry_named() {
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8,proxy.internal"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an IP address or CIDR block: \"proxy.internal\"");
  }

  private static InetAddress ip(String literal) {
    return IpLiteral.parse(literal).orElseThrow();
  }
}
