package io.gatehouse.web.client;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * A block of IP addresses in CIDR notation, {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of
 * one. IPv4 and IPv6 blocks never match each other's addresses (an IPv4-mapped IPv6 address is read as IPv4).
 */
public final class CidrBlock {

  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private CidrBlock(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * Parses {@code address[/prefix]}.
   *
   * @throws IllegalArgumentException quoting {@code text}, if it is not an IP literal with a prefix that fits it
   */
  public static CidrBlock parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress parsed = IpLiteral.parse(address)
        .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR block: \"" + text + "\""));
    byte[] bytes = parsed.getAddress();
    int maxPrefix = bytes.length * 8;
    int prefix = maxPrefix;
    if (slash >= 0) {
      String digits = trimmed.substring(slash + 1);
      prefix = digits.matches("\\d{1,3}") ? Integer.parseInt(digits) : -1;
      if (prefix < 0 || prefix > maxPrefix) {
        throw new IllegalArgumentException("prefix length must be 0 to " + maxPrefix + ": \"" + text + "\"");
      }
    }
    return new CidrBlock(mask(bytes, prefix), prefix, trimmed);
  }

  /** Whether {@code address} lies in this block. */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] masked = bytes.clone();
    for (int i = 0; i < masked.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - i * 8));
      masked[i] &= (byte) (0xFF << (8 - bits));
    }
    return masked;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CidrBlock
        && ((CidrBlock) other).prefixLength == prefixLength
        && Arrays.equals(((CidrBlock) other).network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  /** As it was written. */
  @Override
  public String toString() {
    return text;
  }
}
