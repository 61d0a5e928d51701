package io.gatehouse.web;

import java.util.List;
import java.util.Optional;

/**
 * The parts of an HTTP request that authentication reads: the method, header values and the socket peer. Each
 * adapter (Servlet, Javalin, Spring) implements it in a few lines over its own request type.
 */
public interface HttpRequestView {

  /** Longest {@code Cookie} header line {@link #cookie} reads; a longer one is skipped rather than parsed. */
  int MAX_COOKIE_HEADER_LENGTH = 8192;

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

  /**
   * The value of the cookie {@code name}, if the request carries it: the first one of that name across the
   * {@code Cookie} header lines, with surrounding double quotes removed. Whatever else it holds is returned as is, for
   * the caller to reject; header lines longer than {@value #MAX_COOKIE_HEADER_LENGTH} characters are skipped.
   */
  default Optional<String> cookie(String name) {
    for (String header : headers("Cookie")) {
      if (header == null || header.length() > MAX_COOKIE_HEADER_LENGTH) {
        continue;
      }
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
          String value = pair.substring(eq + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }

  /** The socket peer's IP address literal, such as {@code 203.0.113.7} or {@code 2001:db8::1}. */
  String peerAddress();
}
