package io.gatehouse.web.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.web.testing.FakeRequest;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {

  private final ClientAddress behindProxies = new ClientAddress(TrustedProxies.parse("10.0.0.0/8,fd00::/8"));
  private final ClientAddress direct = new ClientAddress(TrustedProxies.none());

  @Test
  void untrustedPeer_headerIgnored() {
    assertThat(direct.resolve("198.51.100.1", List.of("203.0.113.7"))).isEqualTo(ip("198.51.100.1"));
    assertThat(behindProxies.resolve("198.51.100.1", List.of("203.0.113.7"))).isEqualTo(ip("198.51.100.1"));
  }

  @Test
  void trustedPeer_rightMostUntrustedEntryIsTheClient() {
    // The client forged "1.2.3.4"; our proxies appended the real client and each other.
    InetAddress client = behindProxies.resolve("10.0.0.2", List.of("1.2.3.4, 203.0.113.7, 10.0.0.1"));

    assertThat(client).isEqualTo(ip("203.0.113.7"));
  }

  @Test
  void trustedPeer_headerSpreadOverSeveralLines_readInOrder() {
    InetAddress client = behindProxies.resolve("10.0.0.2", List.of("1.2.3.4", "203.0.113.7", "10.0.0.1"));

    assertThat(client).isEqualTo(ip("203.0.113.7"));
  }

  @Test
  void trustedPeer_everyEntryTrusted_leftMostIsTheClient() {
    assertThat(behindProxies.resolve("10.0.0.2", List.of("10.9.9.9, 10.0.0.1"))).isEqualTo(ip("10.9.9.9"));
  }

  @Test
  void trustedPeer_noHeader_peerIsTheClient() {
    assertThat(behindProxies.resolve("10.0.0.2", List.of())).isEqualTo(ip("10.0.0.2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "unknown", "203.0.113.7, ", "203.0.113.999", "evil.example", "2001:db8::1%eth0",
      "[::1", "203.0.113.7:99999", "1.2.3.4, 10.0.0.1, junk"})
  void trustedPeer_rightMostEntryMalformed_theNearestProxyIsTheClient(String header) {
    // Only a trusted proxy writes the right-most entry; junk there is a misconfigured proxy, so the last address
    // vouched for stands: the peer, or the proxy entry right of the junk.
    InetAddress nearest = behindProxies.resolve("10.0.0.2", List.of(header));

    assertThat(nearest).isIn(ip("10.0.0.2"), ip("10.0.0.1"));
  }

  /** The X-Forwarded-For table of the security audit: what an attacker writes left of the client changes nothing. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "203.0.113.9                              | 203.0.113.9",
      "junk, 203.0.113.9                        | 203.0.113.9",
      "1.2.3.4, 203.0.113.9                     | 203.0.113.9",
      "1.2.3.4,,, 203.0.113.9, 10.0.0.1         | 203.0.113.9",
      "'evil.example, 203.0.113.9:51234'        | 203.0.113.9",
      "'[2001:db8::9]:443, 10.0.0.1'            | 2001:db8::9",
      "'2001:db8::9, fd00::1'                   | 2001:db8::9",
      "203.0.113.9:8080                         | 203.0.113.9",
      "10.0.0.7, 10.0.0.1                       | 10.0.0.7"})
  void trustedPeer_readFromTheRight_stoppingAtTheFirstUntrustedEntry(String header, String client) {
    assertThat(behindProxies.resolve("10.0.0.2", List.of(header))).isEqualTo(ip(client));
  }

  @Test
  void trustedPeer_aThousandForgedEntries_doNotHideTheClient() {
    String forged = String.join(", ", java.util.Collections.nCopies(1000, "1.2.3.4"));

    assertThat(behindProxies.resolve("10.0.0.2", List.of(forged + ", 203.0.113.9"))).isEqualTo(ip("203.0.113.9"));
  }

  @Test
  void trustedPeer_moreTrustedHopsThanAnyRealChain_stopsAtTheLastOneRead() {
    String hops = String.join(", ", java.util.Collections.nCopies(40, "10.0.0.9"));

    assertThat(behindProxies.resolve("10.0.0.2", List.of("203.0.113.9, " + hops))).isEqualTo(ip("10.0.0.9"));
  }

  @Test
  void ipv6_peerAndEntries() {
    assertThat(behindProxies.resolve("fd00::1", List.of("2001:db8::7, fd00::2"))).isEqualTo(ip("2001:db8::7"));
    assertThat(behindProxies.resolve("[fd00::1]", List.of("[2001:db8::7]"))).isEqualTo(ip("2001:db8::7"));
  }

  @Test
  void rateLimitKey_ipv4Whole_ipv6ByItsSlash64() {
    assertThat(ClientAddress.rateLimitKey(ip("203.0.113.7"))).isEqualTo("ip4:203.0.113.7");
    assertThat(ClientAddress.rateLimitKey(ip("2001:db8:1:2:aaaa::1")))
        .isEqualTo(ClientAddress.rateLimitKey(ip("2001:db8:1:2:bbbb::9")))
        .isEqualTo("ip6:2001:db8:1:2::/64");
  }

  @Test
  void of_readsThePeerAndEveryForwardedForLine() {
    FakeRequest request = FakeRequest.get().peer("10.0.0.2")
        .header("X-Forwarded-For", "1.2.3.4")
        .header("x-forwarded-for", "203.0.113.7, 10.0.0.1");

    assertThat(behindProxies.of(request)).isEqualTo(ip("203.0.113.7"));
    assertThat(direct.of(request)).isEqualTo(ip("10.0.0.2"));
  }

  @Test
  void of_peerNotAnIpLiteral_isAnAdapterBug() {
    assertThatThrownBy(() -> direct.of(FakeRequest.get().peer("localhost")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("socket peer is not an IP literal: localhost");
  }

  private static InetAddress ip(String literal) {
    return IpLiteral.parse(literal).orElseThrow();
  }
}
