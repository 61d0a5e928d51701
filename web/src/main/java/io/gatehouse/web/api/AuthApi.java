package io.gatehouse.web.api;

import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.AuthenticationMethod;
import io.gatehouse.web.HttpRequestView;
import io.gatehouse.web.Principal;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.login.CredentialVerifier;
import io.gatehouse.web.login.DeviceCookie;
import io.gatehouse.web.login.LoginLimiter;
import io.gatehouse.web.login.VerifiedAccount;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the session endpoints do, whatever serves them: log in, show the current session, log out, list my sessions,
 * revoke one or all, and the admin listing of anyone's sessions. Adapters (the reference server's routes, the
 * Servlet handlers) parse the request, call one method, and write the returned body as JSON or the thrown
 * {@link ApiError} as an error answer; so every adapter answers alike.
 *
 * <p>Every bad credential gets the same 401 and message. A session id that is not the caller's is answered as
 * unknown (404), so ids cannot be probed; the {@value #ADMIN_ROLE} role may revoke any. The answers that carry
 * session data (login, the current session, my sessions, the admin listing: a token, session ids, who is logged in
 * where) also carry {@code Cache-Control: no-store}, so no browser or proxy cache keeps them.
 */
public final class AuthApi {

  public static final String INVALID_CREDENTIALS = "invalid username or password";
  public static final String UNAUTHENTICATED = "no valid session: log in first";
  /** The role that may list and revoke any subject's sessions. */
  public static final String ADMIN_ROLE = "admin";
  /** Longest password accepted; bcrypt reads only 72 bytes, and a longer body is only work for the server. */
  public static final int MAX_PASSWORD_LENGTH = 1024;
  /** The session attribute that keeps the client address a session logged in from, for an admin's view. */
  public static final String CLIENT_ATTRIBUTE = "client";
  /** The session attribute that keeps the {@code User-Agent} a session logged in with, for an admin's view. */
  public static final String USER_AGENT_ATTRIBUTE = "userAgent";
  /** Longest {@code User-Agent} kept; a longer one is cut, so a client cannot fill the session's attributes. */
  public static final int MAX_USER_AGENT_LENGTH = 256;

  private final SessionStore sessions;
  private final LoginLimiter limiter;
  private final CredentialVerifier accounts;
  private final SessionCookie cookie;
  private final Clock clock;

  public AuthApi(SessionStore sessions, LoginLimiter limiter, CredentialVerifier accounts, SessionCookie cookie,
      Clock clock) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The principal of an authenticated request.
   *
   * @throws ApiError 401 as {@link #unauthorized(Authentication)} answers it, one message for every reason
   */
  public static Principal require(Authentication authentication) {
    return authentication.authenticated().orElseThrow(() -> unauthorized(authentication));
  }

  /**
   * The 401 for a request that did not authenticate: the body's message is {@value #UNAUTHENTICATED} whatever the
   * reason; the header is {@code WWW-Authenticate: Bearer error="invalid_token", error_description="<description>"}
   * (RFC 6750) when the deciding failure carries a description, such as a JWT's, and {@code WWW-Authenticate: Bearer}
   * otherwise.
   */
  public static ApiError unauthorized(Authentication authentication) {
    Optional<String> description = authentication instanceof Authentication.Failure failure
        ? failure.description() : Optional.empty();
    if (description.isEmpty()) {
      return ApiError.unauthorized(UNAUTHENTICATED);
    }
    // Authentication.Failure admits only printable ASCII without '"' or '\', so it needs no escaping here.
    return new ApiError(401, "unauthorized", UNAUTHENTICATED, Map.of("WWW-Authenticate",
        "Bearer error=\"invalid_token\", error_description=\"" + description.get() + "\""));
  }

  /**
   * Checks the login limits and the password, creates a session, sets the session and device cookies and returns
   * the token.
   *
   * @param request the login request, for the device cookie it may carry
   * @param clientKey the client's rate-limit key, from {@link io.gatehouse.web.client.ClientAddress#rateLimitKey}
   * @param username 1 to {@value SessionConfig#MAX_SUBJECT_LENGTH} characters, checked by the adapter
   * @param password 1 to {@value #MAX_PASSWORD_LENGTH} characters, checked by the adapter
   * @throws ApiError 401 for bad credentials, 429 with {@code Retry-After} when a limit is reached
   */
  public LoginResponse login(HttpRequestView request, String clientKey, String username, String password,
      HttpResponseView response) {
    return login(request, clientKey, username, password, Map.of(), response);
  }

  /**
   * Logs in as {@link #login(HttpRequestView, String, String, String, HttpResponseView)} does, keeping
   * {@code sessionAttributes} with the session, such as {@link #loginAttributes}. A limit in shadow mode that would
   * have refused the attempt is named in the {@value RateLimitHeaders#SHADOW_REFUSED} header.
   */
  public LoginResponse login(HttpRequestView request, String clientKey, String username, String password,
      Map<String, String> sessionAttributes, HttpResponseView response) {
    DeviceCookie device = limiter.deviceCookie();
    VerifiedAccount account;
    Map<String, String> attributes = new LinkedHashMap<>(sessionAttributes);
    // A password login is never a provider's session: that mark would exempt it from following its account.
    attributes.remove(AccountCheck.PROVIDER_ATTRIBUTE);
    try (LoginLimiter.Attempt attempt = limiter.begin(clientKey, username, device.read(request))) {
      Optional<LoginLimiter.Refusal> refusal = attempt.refusal();
      if (refusal.isPresent()) {
        throw refused(refusal.get());
      }
      String shadow = String.join(",", attempt.shadowRefusals());
      Optional<VerifiedAccount> verified = accounts.verify(username, password);
      if (verified.isEmpty()) {
        Map<String, String> headers = new LinkedHashMap<>(RateLimitHeaders.of(attempt.failed()));
        if (!shadow.isEmpty()) {
          headers.put(RateLimitHeaders.SHADOW_REFUSED, shadow);
        }
        throw new ApiError(401, "invalid_credentials", INVALID_CREDENTIALS, headers);
      }
      if (!shadow.isEmpty()) {
        response.addHeader(RateLimitHeaders.SHADOW_REFUSED, shadow);
      }
      account = verified.get();
      attributes.put(Principal.ROLES_ATTRIBUTE, Principal.formatRoles(account.roles()));
      if (!account.version().isEmpty()) {
        attributes.put(AccountCheck.VERSION_ATTRIBUTE, account.version());
      }
      Optional<LoginLimiter.Refusal> tooMany = attempt.succeeded();
      if (tooMany.isPresent()) {
        throw refused(tooMany.get());
      }
    }
    CreatedSession created = sessions.create(account.subject(), attributes);
    response.addHeader("Set-Cookie", cookie.setCookie(created, clock.instant()));
    response.addHeader("Set-Cookie", device.setCookie(username));
    noStore(response);
    Session session = created.session();
    return new LoginResponse(created.token().value(), session.id().value(), session.subject(),
        Collections.unmodifiableSortedSet(new TreeSet<>(account.roles())), session.expiresAt().toString(),
        session.absoluteExpiresAt().toString());
  }

  /**
   * The session attributes that let an admin tell a user's sessions apart: the client address and the
   * {@code User-Agent} (cut to {@value #MAX_USER_AGENT_LENGTH} characters, control characters dropped).
   *
   * @param userAgent the header as sent; may be {@code null}
   */
  public static Map<String, String> loginAttributes(InetAddress client, String userAgent) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(CLIENT_ATTRIBUTE, client.getHostAddress());
    if (userAgent != null && !userAgent.isBlank()) {
      String printable = userAgent.replaceAll("\\p{Cntrl}", "").strip();
      attributes.put(USER_AGENT_ATTRIBUTE, printable.length() > MAX_USER_AGENT_LENGTH
          ? printable.substring(0, MAX_USER_AGENT_LENGTH) : printable);
    }
    return attributes;
  }

  /**
   * The 429 answer to a login the limits refused, with {@code Retry-After} and the {@code RateLimit-*} headers: the
   * same wherever a login is refused (this API, the Spring Security integration).
   */
  public static ApiError refused(LoginLimiter.Refusal refusal) {
    LoginLimiter.Limited limited = (LoginLimiter.Limited) refusal;
    RateLimitDecision blocking = limited.decision();
    String what = limited.limit().equals(LoginLimiter.SUCCESSES) ? "too many logins for this user"
        : "too many failed logins";
    return RateLimitHeaders.tooManyRequests(blocking, what + "; retry after "
        + Math.max(1, blocking.retryAfterSeconds()) + " s");
  }

  /** The session the request used. */
  public SessionView current(Principal principal, HttpResponseView response) {
    Session session = session(principal);
    noStore(response);
    return SessionView.of(session, session.id(), principal.roles());
  }

  /** Revokes the session the request used, and clears the cookie if that is how it came. */
  public Map<String, Object> logout(Principal principal, HttpResponseView response) {
    sessions.revoke(session(principal).id());
    clearCookieIfUsed(principal, response);
    return Map.of("loggedOut", true);
  }

  /** The caller's newest live sessions ({@link SessionStore#list(String)}), oldest first, the current one marked. */
  public Map<String, Object> mine(Principal principal, HttpResponseView response) {
    Session session = session(principal);
    noStore(response);
    return Map.of("sessions", sessions.list(principal.subject()).stream()
        .map(s -> SessionView.of(s, session.id(), principal.roles())).toList());
  }

  /**
   * Revokes one of the caller's sessions (any session, for an admin).
   *
   * @param id the session id as the client sent it
   * @throws ApiError 404 for a malformed or unknown id, and for another subject's session unless an admin asks
   */
  public Map<String, Object> revoke(Principal principal, String id, HttpResponseView response) {
    Session current = session(principal);
    Optional<SessionId> parsed = SessionId.parse(id);
    if (parsed.isEmpty() || (!parsed.get().belongsTo(principal.subject()) && !principal.hasRole(ADMIN_ROLE))
        || !sessions.revoke(parsed.get())) {
      throw ApiError.notFound("no such session");
    }
    if (parsed.get().equals(current.id())) {
      clearCookieIfUsed(principal, response);
    }
    return Map.of("revoked", true, "sessionId", parsed.get().value());
  }

  /** Revokes every session of the caller, on every instance and device. */
  public Map<String, Object> revokeAll(Principal principal, HttpResponseView response) {
    session(principal);
    int revoked = sessions.revokeAll(principal.subject());
    clearCookieIfUsed(principal, response);
    return Map.of("revoked", revoked);
  }

  /**
   * Any subject's newest live sessions ({@link SessionStore#list(String)}), for an admin.
   *
   * @param subject the subject as the client sent it; may be {@code null}
   * @throws ApiError 403 without the {@value #ADMIN_ROLE} role, 400 for a missing or too long subject
   */
  public Map<String, Object> adminList(Principal principal, String subject, HttpResponseView response) {
    Session current = session(principal);
    if (!principal.hasRole(ADMIN_ROLE)) {
      throw ApiError.forbidden("this endpoint needs the admin role");
    }
    if (subject == null || subject.isBlank()) {
      throw ApiError.badRequest("subject is required: /api/admin/sessions?subject=<username>");
    }
    if (subject.length() > SessionConfig.MAX_SUBJECT_LENGTH) {
      throw ApiError.badRequest("subject must be at most " + SessionConfig.MAX_SUBJECT_LENGTH + " characters");
    }
    noStore(response);
    return Map.of("subject", subject, "sessions", views(sessions.list(subject), current.id()));
  }

  /** Session data must not be kept by a browser's or a proxy's cache. */
  private static void noStore(HttpResponseView response) {
    response.setHeader("Cache-Control", "no-store");
  }

  private void clearCookieIfUsed(Principal principal, HttpResponseView response) {
    if (principal.method() == AuthenticationMethod.SESSION_COOKIE) {
      response.addHeader("Set-Cookie", cookie.clearCookie());
    }
  }

  private static Session session(Principal principal) {
    return principal.session().orElseThrow(() -> new ApiError(400, "no_session",
        "this endpoint works on a Gatehouse session, and the request authenticated without one"));
  }

  private static List<SessionView> views(List<Session> list, SessionId current) {
    return list.stream().map(s -> SessionView.of(s, current)).toList();
  }
}
