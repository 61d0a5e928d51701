package io.gatehouse.servlet;

import io.gatehouse.web.Principal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request authenticated by Gatehouse, as the Servlet API reports it: {@link #getUserPrincipal()},
 * {@link #getRemoteUser()}, {@link #isUserInRole(String)} and {@link #getAuthType()} answer from the
 * {@link Principal} instead of the container's own security.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

  /** The role name that, by the Servlet specification, any authenticated user has. */
  private static final String ANY_AUTHENTICATED_USER = "**";

  private final Principal principal;
  private final SubjectPrincipal user;

  AuthenticatedRequest(HttpServletRequest request, Principal principal) {
    super(request);
    this.principal = principal;
    this.user = new SubjectPrincipal(principal.subject());
  }

  /** A principal named by the subject. */
  @Override
  public java.security.Principal getUserPrincipal() {
    return user;
  }

  /** The subject. */
  @Override
  public String getRemoteUser() {
    return principal.subject();
  }

  /** Whether the principal has {@code role}; {@code "**"} is any authenticated user, unless it is a role itself. */
  @Override
  public boolean isUserInRole(String role) {
    return principal.hasRole(role) || ANY_AUTHENTICATED_USER.equals(role);
  }

  /** How the request authenticated: {@code SESSION_COOKIE} or {@code SESSION_BEARER}. */
  @Override
  public String getAuthType() {
    return principal.method().name();
  }

  /** The user principal of a Gatehouse-authenticated request: its name is the subject. */
  record SubjectPrincipal(String subject) implements java.security.Principal {

    @Override
    public String getName() {
      return subject;
    }
  }
}
