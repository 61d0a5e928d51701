package io.gatehouse.spring.boot.security;

import io.gatehouse.servlet.ServletRequestView;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.Principal;
import io.gatehouse.web.SessionCookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Keeps Spring Security's {@link SecurityContext} in Gatehouse sessions instead of the {@code HttpSession}.
 *
 * <ul>
 *   <li><b>Load</b>, on each request, when something first asks for the authentication: the request's session token
 *       (bearer header, else cookie) is validated through the {@link Authenticator}, one store round trip that also
 *       slides the idle timeout, and becomes a {@link GatehouseAuthentication}; no credential, or an invalid one,
 *       gives an empty context, as Spring Security expects.
 *   <li><b>Save</b>, which Spring Security's login mechanisms call after a successful login (form login, HTTP basic,
 *       the JSON login): creates a new session for the authentication's name with its authorities, sets the cookie,
 *       and revokes the session the request came with, if any. With an {@link AccountCheck}, the session records the
 *       account's version, so that it ends when the account changes (a new password). Every login gets a fresh
 *       token, so a token planted before login is worth nothing after it. Saving an authentication that came from a
 *       session, or an empty or anonymous one, creates nothing.
 * </ul>
 *
 * <p>What is stored is the name and the authority strings: no Java serialization, so instances of different versions
 * and the reference server read each other's sessions. The outcome of loading is kept in a request attribute, so a
 * request validates its token once.
 */
final class GatehouseSecurityContextRepository implements SecurityContextRepository {

  /** The request attribute holding the session a login created in this request, for the JSON login's answer. */
  static final String CREATED_SESSION = GatehouseSecurityContextRepository.class.getName() + ".CREATED";
  private static final String CONTEXT = GatehouseSecurityContextRepository.class.getName() + ".CONTEXT";

  private final Authenticator authenticator;
  private final Optional<AccountCheck> accounts;
  private final SessionStore sessions;
  private final SessionCookie cookie;
  private final Clock clock;
  private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

  /**
   * Creates the repository.
   *
   * @param accounts the application's account check, if it has one: a login records the account's version in the
   *     session, which the check compares on every request
   */
  GatehouseSecurityContextRepository(Authenticator authenticator, Optional<AccountCheck> accounts,
      SessionStore sessions, SessionCookie cookie, Clock clock) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
    return new Deferred(() -> load(request));
  }

  @Override
  @Deprecated
  public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
    return load(requestResponseHolder.getRequest());
  }

  @Override
  public boolean containsContext(HttpServletRequest request) {
    return load(request).getAuthentication() != null;
  }

  @Override
  public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
    // What the request came with (loaded now if nothing asked before): a login replaces that session.
    SecurityContext previous = load(request);
    request.setAttribute(CONTEXT, context);
    org.springframework.security.core.Authentication authentication = context.getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken
        || authentication instanceof GatehouseAuthentication
        || request.getAttribute(CREATED_SESSION) instanceof Created created && created.authentication == authentication) {
      return;
    }
    TreeSet<String> authorities = new TreeSet<>();
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      if (authority.getAuthority() != null) {
        authorities.add(authority.getAuthority());
      }
    }
    Map<String, String> attributes = new HashMap<>();
    attributes.put(Principal.ROLES_ATTRIBUTE, Principal.formatRoles(authorities));
    // The version as it is right after the password was checked: a later change ends this session.
    accounts.flatMap(check -> check.current(authentication.getName())).map(AccountCheck.Current::version)
        .filter(version -> !version.isEmpty())
        .ifPresent(version -> attributes.put(AccountCheck.VERSION_ATTRIBUTE, version));
    CreatedSession session = sessions.create(authentication.getName(), attributes);
    response.addHeader("Set-Cookie", cookie.setCookie(session, clock.instant()));
    response.setHeader("Cache-Control", "no-store");
    request.setAttribute(CREATED_SESSION, new Created(authentication, session));
    if (previous.getAuthentication() instanceof GatehouseAuthentication replaced) {
      sessions.revoke(replaced.session().id());
    }
  }

  /** The session a login created in {@code request}, if one did. */
  static Optional<CreatedSession> createdIn(HttpServletRequest request) {
    return request.getAttribute(CREATED_SESSION) instanceof Created created ? Optional.of(created.session)
        : Optional.empty();
  }

  private SecurityContext load(HttpServletRequest request) {
    if (request.getAttribute(CONTEXT) instanceof SecurityContext known) {
      return known;
    }
    SecurityContext context = holder.createEmptyContext();
    Authentication answer = authenticator.authenticate(ServletRequestView.of(request));
    answer.authenticated().filter(principal -> principal.session().isPresent())
        .ifPresent(principal -> context.setAuthentication(new GatehouseAuthentication(principal)));
    request.setAttribute(CONTEXT, context);
    return context;
  }

  private record Created(org.springframework.security.core.Authentication authentication, CreatedSession session) {}

  /** A context loaded on first use, once. */
  private final class Deferred implements DeferredSecurityContext {
    private final Supplier<SecurityContext> loader;
    private SecurityContext context;

    Deferred(Supplier<SecurityContext> loader) {
      this.loader = loader;
    }

    @Override
    public SecurityContext get() {
      if (context == null) {
        context = loader.get();
      }
      return context;
    }

    @Override
    public boolean isGenerated() {
      return get().getAuthentication() == null;
    }
  }
}
