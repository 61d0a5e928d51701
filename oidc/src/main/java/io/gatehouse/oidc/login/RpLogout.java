package io.gatehouse.oidc.login;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.HttpRequestView;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.HttpResponseView;
import java.net.URI;
import java.text.ParseException;
import java.util.Optional;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the Gatehouse session of the request's cookie,
 * clears the cookie, and sends the browser to the provider's {@code end_session_endpoint} with the session's ID
 * token as {@code id_token_hint}, our {@code client_id}, and the configured {@code post_logout_redirect_uri}. The
 * local logout always happens first: if the provider has no end-session endpoint or cannot be reached, the browser
 * goes to the post-logout redirect URI, or the post-login path.
 */
public final class RpLogout {

  private final OidcLoginConfig config;
  private final SessionStore sessions;
  private final SessionCookie cookie;
  private final ProviderEndpoints endpoints;
  private final ProviderSessions providerSessions;
  private final ProviderTokens tokens;

  RpLogout(OidcLoginConfig config, SessionStore sessions, SessionCookie cookie, ProviderEndpoints endpoints,
      ProviderSessions providerSessions, ProviderTokens tokens) {
    this.config = config;
    this.sessions = sessions;
    this.cookie = cookie;
    this.endpoints = endpoints;
    this.providerSessions = providerSessions;
    this.tokens = tokens;
  }

  /**
   * Logs out: revokes the cookie's session if it is live, clears the cookie, and returns where to send the browser.
   * Never fails for a missing or dead session: the provider's session is ended all the same.
   */
  public URI logout(HttpRequestView request, HttpResponseView response) {
    Optional<String> idToken = Optional.empty();
    Optional<Session> session = cookie.read(request).flatMap(sessions::validate);
    if (session.isPresent()) {
      sessions.revoke(session.get().id());
      idToken = providerSessions.takeIdToken(session.get().id());
      tokens.forget(session.get().id());
    }
    response.addHeader("Set-Cookie", cookie.clearCookie());
    response.setHeader("Cache-Control", "no-store");
    Optional<URI> endSession;
    try {
      endSession = endpoints.get().endSession();
    } catch (ApiError providerUnavailable) {
      endSession = Optional.empty();
    }
    if (endSession.isEmpty()) {
      return config.postLogoutRedirectUri().orElse(URI.create(config.postLoginPath()));
    }
    return new LogoutRequest(endSession.get(), idToken.flatMap(RpLogout::parse).orElse(null), null,
        new ClientID(config.clientId()), config.postLogoutRedirectUri().orElse(null), null, null).toURI();
  }

  private static Optional<JWT> parse(String token) {
    try {
      return Optional.of(JWTParser.parse(token));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }
}
