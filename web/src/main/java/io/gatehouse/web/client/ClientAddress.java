package io.gatehouse.web.client;

import io.gatehouse.web.HttpRequestView;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds the client's IP address: the socket peer, unless the peer is a trusted proxy, in which case the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy.
 *
 * <p>Why from the right: each proxy appends the address it received the request from, so entries to the right were
 * written by our own proxies and entries to the left by whoever sent the request, possibly an attacker. Reading
 * stops at the first entry no trusted proxy would vouch for, so nothing an attacker writes further left (a forged
 * address, junk, a thousand entries) changes the result. An entry may carry a port, as some load balancers write it
 * ({@code 203.0.113.7:51234}, {@code [2001:db8::7]:443}). If an entry that a trusted proxy wrote is not an address
 * (a misconfigured proxy), the last address vouched for is the client: the nearest proxy, never a guess. A peer
 * outside the trusted proxies is never believed, so spoofing the header from outside changes nothing.
 */
public final class ClientAddress {

  /** Most entries read from the right: no real chain of trusted proxies is longer. */
  static final int MAX_FORWARDED_ENTRIES = 32;

  private final TrustedProxies trusted;

  public ClientAddress(TrustedProxies trusted) {
    this.trusted = trusted;
  }

  /** The client of {@code request}. Adapters compute it once per request and keep it. */
  public InetAddress of(HttpRequestView request) {
    return resolve(request.peerAddress(), request.headers("X-Forwarded-For"));
  }

  /** The trusted proxies this resolver believes. */
  public TrustedProxies trustedProxies() {
    return trusted;
  }

  /**
   * The client, given the socket peer and the {@code X-Forwarded-For} header lines in the order received.
   *
   * @param peer the socket peer's address literal
   */
  InetAddress resolve(String peer, List<String> forwardedFor) {
    InetAddress client = IpLiteral.parse(peer)
        .orElseThrow(() -> new IllegalStateException("socket peer is not an IP literal: " + peer));
    List<String> entries = entries(forwardedFor);
    for (int i = entries.size() - 1, read = 0; i >= 0 && trusted.contains(client); i--, read++) {
      Optional<InetAddress> entry = IpLiteral.parseWithPort(entries.get(i));
      if (entry.isEmpty() || read == MAX_FORWARDED_ENTRIES) {
        break;
      }
      client = entry.get();
    }
    return client;
  }

  private static List<String> entries(List<String> headers) {
    List<String> entries = new ArrayList<>();
    for (String header : headers) {
      entries.addAll(Arrays.asList(header.split(",", -1)));
    }
    return entries;
  }

  /**
   * Parses an IP address literal ({@code 203.0.113.7}, {@code 2001:db8::1}), never asking DNS; empty for anything
   * else. For input that names a client, such as an operator looking up a client's rate limit.
   */
  public static Optional<InetAddress> parseLiteral(String text) {
    return IpLiteral.parse(text);
  }

  /**
   * The rate-limit key of a client: its IPv4 address, or its IPv6 /64 network, since anyone holding one IPv6
   * address usually holds the whole /64 and could otherwise rotate through 2^64 keys.
   */
  public static String rateLimitKey(InetAddress client) {
    if (client instanceof Inet6Address) {
      byte[] bytes = client.getAddress();
      StringBuilder key = new StringBuilder("ip6:");
      for (int i = 0; i < 8; i += 2) {
        key.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
      }
      return key.append(":/64").toString();
    }
    return "ip4:" + client.getHostAddress();
  }
}
