package io.gatehouse.web;

import java.util.List;
import java.util.Optional;

/**
 * The parts of an HTTP request that authentication reads: the method, header values and the socket peer. Each
 * adapter (Servlet, Javalin, Spring) implements it in a few lines over its own request type.
 */
public interface HttpRequestView {

  /** The request method, such as {@code GET}, as received. */
  String method();

  /**
   * Every value of the header {@code name} (matched case-insensitively), in the order received, one element per
   * header line; empty if there is none.
   */
  List<String> headers(String name);

  /** The first value of the header {@code name}, if any. */
  default Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }

  /** The socket peer's IP address literal, such as {@code 203.0.113.7} or {@code 2001:db8::1}. */
  String peerAddress();
}
