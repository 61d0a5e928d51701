package io.gatehouse.servlet;

import io.gatehouse.web.Authentication;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.client.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Authenticates a Servlet request and finds its client, each at most once per request: the answers are kept in
 * request attributes, so the filter, the auth servlet and the application's own code share one store round trip.
 */
final class RequestAuthenticator {

  static final String AUTHENTICATION_ATTRIBUTE = Authentication.class.getName();
  private static final String CLIENT_KEY_ATTRIBUTE = RequestAuthenticator.class.getName() + ".clientKey";

  private final Authenticator authenticator;
  private final ClientAddress clients;

  RequestAuthenticator(Authenticator authenticator, ClientAddress clients) {
    this.authenticator = authenticator;
    this.clients = clients;
  }

  /** What the request authenticates as; also sets {@link GatehouseFilter#PRINCIPAL_ATTRIBUTE} on a success. */
  Authentication authenticate(HttpServletRequest request) {
    if (request.getAttribute(AUTHENTICATION_ATTRIBUTE) instanceof Authentication known) {
      return known;
    }
    Authentication answer = authenticator.authenticate(ServletRequestView.of(request));
    request.setAttribute(AUTHENTICATION_ATTRIBUTE, answer);
    answer.authenticated().ifPresent(principal -> request.setAttribute(GatehouseFilter.PRINCIPAL_ATTRIBUTE, principal));
    return answer;
  }

  /** The client's rate-limit key: its IP address (or IPv6 /64) behind the trusted proxies. */
  String clientKey(HttpServletRequest request) {
    if (request.getAttribute(CLIENT_KEY_ATTRIBUTE) instanceof String known) {
      return known;
    }
    String key = ClientAddress.rateLimitKey(clients.of(ServletRequestView.of(request)));
    request.setAttribute(CLIENT_KEY_ATTRIBUTE, key);
    return key;
  }
}
