package io.gatehouse.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  @ParameterizedTest
  @CsvSource({
      "203.0.113.7, 203.0.113.7",
      "' 203.0.113.7 ', 203.0.113.7",
      "0.0.0.0, 0.0.0.0",
      "255.255.255.255, 255.255.255.255",
      "010.001.000.009, 10.1.0.9"})
  void ipv4(String text, String address) {
    assertThat(IpLiteral.parse(text)).get().isInstanceOf(Inet4Address.class)
        .extracting(a -> a.getHostAddress()).isEqualTo(address);
  }

  @ParameterizedTest
  @CsvSource({
      "2001:db8::1, 2001:db8:0:0:0:0:0:1",
      "[2001:db8::1], 2001:db8:0:0:0:0:0:1",
      "::1, 0:0:0:0:0:0:0:1",
      "::, 0:0:0:0:0:0:0:0"})
  void ipv6(String text, String address) {
    assertThat(IpLiteral.parse(text)).get().isInstanceOf(Inet6Address.class)
        .extracting(a -> a.getHostAddress()).isEqualTo(address);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"256.0.0.1", "1.2.3", "1.2.3.4.5", "1.2.3.-4", "localhost", "gate.example", "::1%eth0",
      "fe80::1%1", "2001:db8::1::2", "12345::", ":", "[::1", "::1]", "1.2.3.4:80", "0x7f.0.0.1"})
  void notAnIpLiteral(String text) {
    assertThat(IpLiteral.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"203.0.113.7:51234, 203.0.113.7", "[2001:db8::7]:443, 2001:db8:0:0:0:0:0:7", "203.0.113.7, 203.0.113.7",
      "[2001:db8::7], 2001:db8:0:0:0:0:0:7", "' 203.0.113.7:1 ', 203.0.113.7"})
  void parseWithPort_loadBalancerForms(String text, String address) {
    assertThat(IpLiteral.parseWithPort(text)).get().extracting(InetAddress::getHostAddress).isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(strings = {"203.0.113.7:", "203.0.113.7:65536", "203.0.113.7:1:2", "2001:db8::7:443x", "[2001:db8::7]:",
      "host.example:80", ":80"})
  void parseWithPort_malformed(String text) {
    assertThat(IpLiteral.parseWithPort(text)).isEmpty();
  }
}
