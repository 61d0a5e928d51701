package io.gatehouse.web.client;

import io.gatehouse.web.HttpRequestView;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the client's IP address: the socket peer, unless the peer is a trusted proxy, in which case the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy.
 *
 * <p>Why right-most: each proxy appends the address it received the request from, so entries to the right were
 * written by our own proxies and entries to the left by whoever sent the request, possibly an attacker. The
 * right-most untrusted entry is the first address no trusted proxy would vouch for. A header with any entry that is
 * not an IP literal is treated as absent (the peer is used), and a peer outside the trusted proxies is never
 * believed, so spoofing the header from outside changes nothing.
 */
public final class ClientAddress {

  /** More entries than this is not a real proxy chain; the header is ignored. */
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
    InetAddress peerAddress = IpLiteral.parse(peer)
        .orElseThrow(() -> new IllegalStateException("socket peer is not an IP literal: " + peer));
    if (forwardedFor.isEmpty() || !trusted.contains(peerAddress)) {
      return peerAddress;
    }
    Optional<List<InetAddress>> chain = parse(forwardedFor);
    if (chain.isEmpty()) {
      return peerAddress;
    }
    List<InetAddress> entries = chain.get();
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (!trusted.contains(entries.get(i))) {
        return entries.get(i);
      }
    }
    return entries.get(0);
  }

  private static Optional<List<InetAddress>> parse(List<String> headers) {
    List<InetAddress> entries = new ArrayList<>();
    for (String header : headers) {
      for (String entry : header.split(",", -1)) {
        Optional<InetAddress> address = IpLiteral.parse(entry);
        if (address.isEmpty() || entries.size() == MAX_FORWARDED_ENTRIES) {
          return Optional.empty();
        }
        entries.add(address.get());
      }
    }
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries);
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
