package io.gatehouse.web.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses IP address literals without ever asking DNS: {@code 203.0.113.7}, {@code 2001:db8::1}, {@code [::1]}. */
final class IpLiteral {

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern IPV4_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):(\\d{1,5})");
  private static final Pattern IPV6_PORT = Pattern.compile("\\[([0-9A-Fa-f:.]{2,45})]:(\\d{1,5})");

  private IpLiteral() {}

  /**
   * The address of an {@code X-Forwarded-For} entry, which may carry a port as load balancers write it:
   * {@code 203.0.113.7:51234} or {@code [2001:db8::7]:443}, besides the forms {@link #parse} reads.
   */
  static Optional<InetAddress> parseWithPort(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String candidate = text.trim();
    for (Pattern withPort : new Pattern[] {IPV4_PORT, IPV6_PORT}) {
      Matcher matcher = withPort.matcher(candidate);
      if (matcher.matches()) {
        return Integer.parseInt(matcher.group(2)) <= 65_535 ? parse(matcher.group(1)) : Optional.empty();
      }
    }
    return parse(candidate);
  }

  /** The address, or empty if {@code text} is not an IPv4 or IPv6 literal (host names are never looked up). */
  static Optional<InetAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String candidate = text.trim();
    if (candidate.startsWith("[") && candidate.endsWith("]")) {
      candidate = candidate.substring(1, candidate.length() - 1);
    }
    Matcher v4 = IPV4.matcher(candidate);
    if (v4.matches()) {
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(v4.group(i + 1));
        if (octet > 255) {
          return Optional.empty();
        }
        bytes[i] = (byte) octet;
      }
      return byAddress(bytes);
    }
    if (candidate.indexOf(':') < 0 || !IPV6.matcher(candidate).matches()) {
      return Optional.empty();
    }
    try {
      // The brackets make the JDK parse an IPv6 literal and fail on a bad one, instead of trying DNS.
      return Optional.of(InetAddress.getByName("[" + candidate + "]"));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<InetAddress> byAddress(byte[] bytes) {
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always a valid IPv4 address", e);
    }
  }
}
