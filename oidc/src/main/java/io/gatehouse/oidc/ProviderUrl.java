package io.gatehouse.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * The check of a provider's URL (the issuer, the key set): {@code https}, or {@code http} on the loopback host
 * ({@code localhost}, a name under {@code .localhost}, {@code 127.0.0.1}, {@code [::1]}) for development, with a host and no query, fragment or user info. For the configuration, and for the {@code jwks_uri}
 * a discovery document names.
 */
final class ProviderUrl {

  private ProviderUrl() {}

  /**
   * {@code value} as a URI.
   *
   * @throws IllegalArgumentException naming {@code name}, quoting the value and the accepted form
   */
  static URI check(String name, String value) {
    String form = name + " must be an https URL such as https://login.example.com/realms/main "
        + "(http only for localhost), got \"" + value + "\"";
    URI uri;
    try {
      uri = new URI(Objects.requireNonNull(value, name));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(form, e);
    }
    String host = uri.getHost();
    // RFC 6761: every name under .localhost is loopback; browsers resolve it so, which lets a development
    // provider in a compose network (network alias keycloak.localhost) have one issuer for browsers and servers.
    boolean local = "localhost".equals(host) || (host != null && host.endsWith(".localhost"))
        || "127.0.0.1".equals(host) || "[::1]".equals(host);
    boolean accepted = host != null && uri.getRawQuery() == null && uri.getRawFragment() == null
        && uri.getRawUserInfo() == null
        && ("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && local));
    if (!accepted) {
      throw new IllegalArgumentException(form);
    }
    return uri;
  }
}
