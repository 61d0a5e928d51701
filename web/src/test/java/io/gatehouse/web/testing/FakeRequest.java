package io.gatehouse.web.testing;

import io.gatehouse.web.HttpRequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request view built in a line, for tests: a method, header lines (several of one name allowed, names matched
 * case-insensitively, as {@link HttpRequestView} requires) and a socket peer. Immutable; each {@code with} method
 * returns a new request.
 *
 * <pre>{@code
 * HttpRequestView request = FakeRequest.post()
 *     .header("Cookie", "a=1")
 *     .header("Cookie", "b=2")
 *     .peer("10.0.0.2");
 * }</pre>
 */
public final class FakeRequest implements HttpRequestView {

  /** The peer of a request that does not name one: an address from TEST-NET-1. */
  public static final String DEFAULT_PEER = "192.0.2.1";

  private final String method;
  private final List<String[]> headers;
  private final String peer;

  private FakeRequest(String method, List<String[]> headers, String peer) {
    this.method = Objects.requireNonNull(method, "method");
    this.headers = List.copyOf(headers);
    this.peer = Objects.requireNonNull(peer, "peer");
  }

  /** A request with {@code method} as sent, no headers, from {@link #DEFAULT_PEER}. */
  public static FakeRequest of(String method) {
    return new FakeRequest(method, List.of(), DEFAULT_PEER);
  }

  public static FakeRequest get() {
    return of("GET");
  }

  public static FakeRequest post() {
    return of("POST");
  }

  /** This request with one more header line {@code name: value}, after those it has. */
  public FakeRequest header(String name, String value) {
    List<String[]> more = new ArrayList<>(headers);
    more.add(new String[] {Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")});
    return new FakeRequest(method, more, peer);
  }

  /** This request, from the socket peer {@code address}. */
  public FakeRequest peer(String address) {
    return new FakeRequest(method, headers, address);
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public List<String> headers(String name) {
    return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
  }

  @Override
  public String peerAddress() {
    return peer;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(method).append(" from ").append(peer);
    headers.forEach(h -> text.append("\n").append(h[0]).append(": ").append(h[1]));
    return text.toString();
  }
}
