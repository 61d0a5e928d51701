package io.gatehouse.web;

import io.gatehouse.session.Session;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authenticator of Gatehouse sessions: the token from {@code Authorization: Bearer <token>} when that header is
 * present (the cookie is then not read), otherwise from the session cookie. Validating slides the session's idle
 * timeout: one store round trip.
 *
 * <p>With an {@link AccountCheck}, sessions follow the account: each validation asks it for the subject's account as
 * it is now. If the account is gone or its version is not the one the session recorded at login (a new password),
 * the session is revoked in the store, so every instance refuses it from then on, and the answer is
 * {@link AuthFailure#REVOKED}; otherwise the principal carries the account's current roles. A session logged in
 * through an identity provider ({@link AccountCheck#PROVIDER_ATTRIBUTE}) has no account to follow and keeps its
 * recorded roles, unless its subject is a local account's name, which revokes it. Without a check, the
 * principal carries the roles recorded at login, for as long as the session lives.
 *
 * <p>A bearer token that is not in the shape of a Gatehouse session token (a JWT, say) is left undecided
 * ({@link AuthFailure#MALFORMED}), without asking the store, so that a later link of a chain can take it.
 */
public final class SessionAuthenticator implements Authenticator {

  private final SessionStore sessions;
  private final SessionCookie cookie;
  private final AccountCheck accounts;

  /** Sessions whose principal has the roles recorded at login; prefer the constructor with an account check. */
  public SessionAuthenticator(SessionStore sessions, SessionCookie cookie) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
    this.accounts = null;
  }

  /** Sessions that follow the account: see {@link AccountCheck}. */
  public SessionAuthenticator(SessionStore sessions, SessionCookie cookie, AccountCheck accounts) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
  }

  @Override
  public Authentication authenticate(HttpRequestView request) {
    List<String> authorization = request.headers("Authorization");
    if (!authorization.isEmpty()) {
      Optional<String> token = authorization.size() == 1 ? BearerToken.parse(authorization.get(0)) : Optional.empty();
      return validate(token, AuthenticationMethod.SESSION_BEARER);
    }
    Optional<String> value = cookie.read(request);
    if (value.isEmpty()) {
      return Authentication.failure(AuthFailure.NO_CREDENTIALS);
    }
    return validate(value, AuthenticationMethod.SESSION_COOKIE);
  }

  private Authentication validate(Optional<String> text, AuthenticationMethod method) {
    Optional<SessionToken> token = text.flatMap(SessionToken::parse);
    if (token.isEmpty()) {
      return Authentication.failure(AuthFailure.MALFORMED);
    }
    Optional<Session> session = sessions.validate(token.get());
    if (session.isEmpty()) {
      return Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED);
    }
    if (accounts == null) {
      return Authentication.success(Principal.ofSession(session.get(), method));
    }
    return followTheAccount(session.get(), method);
  }

  private Authentication followTheAccount(Session session, AuthenticationMethod method) {
    Optional<AccountCheck.Current> account = accounts.current(session.subject());
    if (session.attributes().containsKey(AccountCheck.PROVIDER_ATTRIBUTE)) {
      if (account.isPresent()) {
        sessions.revoke(session.id());
        return Authentication.failure(AuthFailure.REVOKED);
      }
      return Authentication.success(Principal.ofSession(session, method));
    }
    String recorded = session.attributes().getOrDefault(AccountCheck.VERSION_ATTRIBUTE, "");
    if (account.isEmpty() || !account.get().version().equals(recorded)) {
      // Revoked, not only refused: instances whose accounts are not yet updated must not accept it either.
      sessions.revoke(session.id());
      return Authentication.failure(AuthFailure.REVOKED);
    }
    return Authentication.success(new Principal(session.subject(), account.get().roles(), method,
        Optional.of(session)));
  }
}
