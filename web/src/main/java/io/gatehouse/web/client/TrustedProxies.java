package io.gatehouse.web.client;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For} header is believed (the server's {@code TRUSTED_PROXIES}): a list of
 * {@link CidrBlock}s, empty to believe no one.
 */
public final class TrustedProxies {

  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<CidrBlock> blocks;

  private TrustedProxies(List<CidrBlock> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** Trusts no proxy: the client is always the socket peer. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses a comma-separated list such as {@code 10.0.0.0/8, 127.0.0.1, ::1}; blank means none.
   *
   * @throws IllegalArgumentException naming the entry that is not an IP address or CIDR block
   */
  public static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<CidrBlock> blocks = new ArrayList<>();
    for (String entry : list.split(",")) {
      blocks.add(CidrBlock.parse(entry));
    }
    return new TrustedProxies(blocks);
  }

  /** Whether {@code address} is a trusted proxy. */
  public boolean contains(InetAddress address) {
    for (CidrBlock block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** The blocks, comma-separated. */
  @Override
  public String toString() {
    return blocks.isEmpty() ? "(none)" : String.join(",", blocks.stream().map(CidrBlock::toString).toList());
  }
}
