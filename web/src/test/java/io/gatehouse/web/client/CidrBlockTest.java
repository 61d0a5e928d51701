package io.gatehouse.web.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrBlockTest {

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 10.255.1.2, true",
      "10.0.0.0/8, 11.0.0.0, false",
      "192.168.1.0/24, 192.168.1.255, true",
      "192.168.1.0/24, 192.168.2.1, false",
      "172.16.0.0/12, 172.31.255.255, true",
      "172.16.0.0/12, 172.32.0.0, false",
      "127.0.0.1, 127.0.0.1, true",
      "127.0.0.1/32, 127.0.0.2, false",
      "0.0.0.0/0, 203.0.113.7, true",
      "0.0.0.0/0, ::1, false",
      "fd00::/8, fd12:3456::1, true",
      "fd00::/8, fe80::1, false",
      "::1, ::1, true",
      "2001:db8::/32, 2001:db8:ffff::1, true",
      "::/0, 10.0.0.1, false",
      "10.0.0.0/8, ::ffff:10.1.1.1, true"})
  void contains(String block, String address, boolean expected) throws Exception {
    assertThat(CidrBlock.parse(block).contains(InetAddress.getByName(address))).isEqualTo(expected);
  }

  @Test
  void parse_hostName_isRefusedWithoutLookingItUp() {
    assertThatThrownBy(() -> CidrBlock.parse("localhost"))
        .hasMessage("not an IP address or CIDR block: \"localhost\"");
  }

  @Test
  void parse_prefixTooLong() {
    assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/33"))
        .hasMessage("prefix length must be 0 to 32: \"10.0.0.0/33\"");
    assertThatThrownBy(() -> CidrBlock.parse("::/129")).hasMessage("prefix length must be 0 to 128: \"::/129\"");
    assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/x")).hasMessage("prefix length must be 0 to 32: \"10.0.0.0/x\"");
  }
}
