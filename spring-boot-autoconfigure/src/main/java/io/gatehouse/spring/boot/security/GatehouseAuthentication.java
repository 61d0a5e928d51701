package io.gatehouse.spring.boot.security;

import io.gatehouse.session.Session;
import io.gatehouse.web.AuthenticationMethod;
import io.gatehouse.web.Principal;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The {@link org.springframework.security.core.Authentication} of a request that came with a valid Gatehouse session,
 * in its cookie or as a bearer token: the principal is the session's subject (the name it was created for), the
 * granted authorities are the ones held at login, and {@link #session()} is the session itself (its id, expiry and
 * attributes). Rebuilt from the session's strings on every request: nothing is Java-serialized.
 */
public final class GatehouseAuthentication extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final String subject;
  private final transient Session session;
  private final AuthenticationMethod method;

  GatehouseAuthentication(Principal principal) {
    super(authorities(principal));
    this.subject = principal.subject();
    this.session = principal.session().orElseThrow(
        () -> new IllegalArgumentException("a Gatehouse authentication needs a session, got " + principal));
    this.method = principal.method();
    setAuthenticated(true);
  }

  private static Collection<GrantedAuthority> authorities(Principal principal) {
    return List.copyOf(principal.roles().stream().sorted().map(SimpleGrantedAuthority::new).toList());
  }

  /** The session's subject: the name the user logged in as. */
  @Override
  public String getPrincipal() {
    return subject;
  }

  /** Always {@code null}: the token is the credential, and it is not kept. */
  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public String getName() {
    return subject;
  }

  /** The session the request used. */
  public Session session() {
    return session;
  }

  /** How the request presented the session: the cookie (sent by the browser on its own) or a bearer token. */
  public AuthenticationMethod method() {
    return method;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GatehouseAuthentication that && super.equals(that) && session.id().equals(that.session.id());
  }

  @Override
  public int hashCode() {
    return super.hashCode() * 31 + session.id().hashCode();
  }

  @Override
  public String toString() {
    return "GatehouseAuthentication{subject=" + subject + ", session=" + session.id().value() + ", authorities="
        + getAuthorities() + ", method=" + method + "}";
  }
}
