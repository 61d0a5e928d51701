package io.gatehouse.web.csrf;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin as browsers send it in the {@code Origin} header: a scheme ({@code http} or {@code https}), a host and
 * a port (the scheme's default when not written). Two origins are equal when all three are.
 */
public record Origin(String scheme, String host, int port) {

  private static final String FORM = "an origin like https://gate.example or http://localhost:8000 (scheme, host and "
      + "optional port; no path, query or user)";

  /**
   * Parses a configured origin.
   *
   * @throws IllegalArgumentException quoting {@code text} and the accepted form
   */
  public static Origin parse(String text) {
    return read(text).orElseThrow(() -> new IllegalArgumentException("public origin must be " + FORM + ", got "
        + (text == null ? "null" : "\"" + text + "\"")));
  }

  /** Reads an {@code Origin} header value; empty for {@code null} (the literal), opaque or malformed origins. */
  static Optional<Origin> read(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
        return Optional.empty();
      }
      int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
      return Optional.of(new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /** As browsers write it: the port only when it is not the scheme's default. */
  @Override
  public String toString() {
    return scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
  }
}
