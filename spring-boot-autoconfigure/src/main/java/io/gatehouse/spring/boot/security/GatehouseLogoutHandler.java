package io.gatehouse.spring.boot.security;

import io.gatehouse.servlet.ServletRequestView;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.SessionCookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * Ends the Gatehouse session on logout: revokes it in the store, so no instance accepts its token again, and clears the
 * cookie when the request carried one. Spring Security's logout runs it (the configurer adds it), after reading the
 * request's authentication from {@link GatehouseSecurityContextRepository}.
 */
final class GatehouseLogoutHandler implements LogoutHandler {

  private final SessionStore sessions;
  private final SessionCookie cookie;

  GatehouseLogoutHandler(SessionStore sessions, SessionCookie cookie) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
  }

  @Override
  public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
    if (authentication instanceof GatehouseAuthentication gatehouse) {
      sessions.revoke(gatehouse.session().id());
    }
    if (cookie.read(ServletRequestView.of(request)).isPresent()) {
      response.addHeader("Set-Cookie", cookie.clearCookie());
    }
  }
}
