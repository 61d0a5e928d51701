package io.gatehouse.oidc.login;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import io.gatehouse.oidc.ClaimPath;
import io.gatehouse.oidc.ProviderKeys;
import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.HttpRequestView;
import io.gatehouse.web.Principal;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.HttpResponseView;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The browser login against an OpenID Connect provider, whatever serves it: {@link #start} sends the browser to the
 * provider, {@link #callback} turns the code it comes back with into a Gatehouse session cookie. The browser never
 * sees the provider's tokens. Logout is {@link RpLogout}; the provider's logout notices are
 * {@link BackChannelLogout}.
 *
 * <h2>How does the login work, and why?</h2>
 *
 * <p>The authorization code flow with PKCE ({@code S256}), {@code state} and {@code nonce}. {@link #start} makes a
 * random state, nonce and code verifier and keeps them server-side in the one-time values under the state, for the
 * flow timeout, so any instance can finish the login; it also sets a short-lived cookie holding the state, which
 * binds the flow to the browser that started it (without it, an attacker could hand a victim a callback URL with
 * the attacker's own code and log the victim in as the attacker). {@link #callback} requires the cookie to match
 * the state, takes the pending login once (a replayed callback finds nothing), exchanges the code with the verifier
 * and our client credentials ({@link CodeExchange}), verifies the ID token including the nonce, and creates a
 * session for its {@code sub} with the roles from the configured claim, keeping its {@code sid} for back-channel
 * logout and the ID token for the logout's {@code id_token_hint} ({@link ProviderSessions}). Every client mistake
 * (missing, unknown, replayed state, a provider error such as {@code access_denied}, a bad ID token) is a 4xx with a
 * message that quotes nothing secret.
 */
public final class OidcLogin implements AutoCloseable {

  /** The cookie that binds a started login to its browser. */
  public static final String FLOW_COOKIE = "gatehouse_oidc_flow";
  /** The session attribute that keeps the provider's session id ({@code sid}). */
  public static final String SID_ATTRIBUTE = "oidc_sid";
  static final String NO_FLOW = "no login in progress for this state (expired, already used or never started); "
      + "start the login again";

  private final OidcLoginConfig config;
  private final SessionStore sessions;
  private final SessionCookie cookie;
  private final ProviderKeys keys;
  private final ProviderEndpoints endpoints;
  private final PendingLogins pending;
  private final ProviderSessions providerSessions;
  private final CodeExchange exchange;
  private final Optional<ClaimPath> roles;
  private final RpLogout logout;
  private final ProviderTokens tokens;
  private final BackChannelLogout backChannel;

  private OidcLogin(OidcLoginConfig config, SessionStore sessions, OneTimeValues values, SessionCookie cookie,
      Duration sessionLifetime, TokenSealer sealer) {
    this.config = Objects.requireNonNull(config, "config");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
    this.keys = ProviderKeys.create(config.verifier());
    this.endpoints = new ProviderEndpoints(config);
    this.pending = new PendingLogins(values, config.flowTimeout());
    this.providerSessions = new ProviderSessions(values, sessionLifetime, Objects.requireNonNull(sealer, "sealer"));
    this.exchange = new CodeExchange(config, keys);
    if (config.keepProviderTokens() && sealer == TokenSealer.NONE) {
      keys.close();
      throw new IllegalArgumentException("provider tokens are kept only encrypted: keepProviderTokens(true) needs a "
          + "TokenSealer other than NONE");
    }
    this.tokens = new ProviderTokens(config, values, sessionLifetime, sealer, exchange, endpoints);
    this.roles = config.verifier().rolesClaim().map(ClaimPath::new);
    this.logout = new RpLogout(config, sessions, cookie, endpoints, providerSessions, tokens);
    this.backChannel = new BackChannelLogout(config, sessions, values, keys, providerSessions, tokens);
  }

  /**
   * The login, its RP-initiated logout and its back-channel logout, over one set of provider keys and endpoints.
   * Nothing is fetched from the provider until the first login.
   *
   * @param values where pending logins, the sid index and ID tokens live: the shared one-time values
   * @param sessionLifetime how long the sid index and ID token are kept: the sessions' absolute timeout
   * @param sealer how the kept ID tokens are protected
   */
  public static OidcLogin create(OidcLoginConfig config, SessionStore sessions, OneTimeValues values,
      SessionCookie cookie, Duration sessionLifetime, TokenSealer sealer) {
    return new OidcLogin(config, sessions, values, cookie, sessionLifetime, sealer);
  }

  public OidcLoginConfig config() {
    return config;
  }

  /**
   * Starts a login: remembers a fresh state, nonce and PKCE verifier, sets the flow cookie, and returns the
   * provider's authorization URL to redirect the browser to.
   *
   * @throws ApiError 503 if the provider's metadata cannot be had
   */
  public URI start(HttpResponseView response) {
    URI authorization = endpoints.get().authorization();
    PendingLogins.Pending started = pending.start();
    AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE,
        new Scope(config.scopes().toArray(String[]::new)), new ClientID(config.clientId()), config.redirectUri())
        .endpointURI(authorization)
        .state(started.state())
        .nonce(started.nonce())
        .codeChallenge(started.verifier(), CodeChallengeMethod.S256)
        .build();
    response.addHeader("Set-Cookie", FLOW_COOKIE + "=" + started.state().getValue() + flowCookieAttributes(
        config.flowTimeout().toSeconds()));
    response.setHeader("Cache-Control", "no-store");
    return request.toURI();
  }

  /**
   * Finishes a login from the provider's redirect: checks the state against the flow cookie and the pending
   * logins, exchanges the code, verifies the ID token, creates the session, sets the session cookie and clears the
   * flow cookie.
   *
   * @param parameters the callback's query parameters ({@code state}, {@code code}, or {@code error})
   * @return where to send the browser: the configured post-login path
   * @throws ApiError 400 for a missing, unknown, replayed or foreign state, a provider error, a refused code or
   *     ID token; 502/503 if the provider cannot be reached
   */
  public URI callback(HttpRequestView request, Map<String, String> parameters, HttpResponseView response) {
    response.addHeader("Set-Cookie", FLOW_COOKIE + "=" + flowCookieAttributes(0));
    response.setHeader("Cache-Control", "no-store");
    String state = parameters.get("state");
    if (state == null || state.isEmpty()) {
      throw new ApiError(400, "invalid_state", "the callback carries no state; start the login again");
    }
    if (!request.cookie(FLOW_COOKIE).map(state::equals).orElse(false)) {
      throw new ApiError(400, "invalid_state", "this login was not started in this browser; start the login again");
    }
    Optional<PendingLogins.Pending> started = pending.finish(state);
    if (started.isEmpty()) {
      throw new ApiError(400, "invalid_state", NO_FLOW);
    }
    String error = parameters.get("error");
    if (error != null) {
      throw new ApiError(error.equals("access_denied") ? 403 : 400, "provider_error",
          "the identity provider did not log you in (" + errorCode(error) + ")");
    }
    String code = parameters.get("code");
    if (code == null || code.isEmpty() || code.length() > 4096) {
      throw new ApiError(400, "invalid_request", "the callback carries no authorization code");
    }
    CodeExchange.Verified verified = exchange.exchange(endpoints.get().token(), code, started.get());
    CreatedSession created = createSession(verified.claims());
    Optional<String> sid = Optional.ofNullable(verified.claims().getStringClaim("sid"));
    providerSessions.created(created.session().id(), sid, verified.idToken());
    tokens.keep(created.session().id(), verified.tokens());
    response.addHeader("Set-Cookie", cookie.setCookie(created, config.clock().instant()));
    return URI.create(config.postLoginPath());
  }

  private CreatedSession createSession(IDTokenClaimsSet claims) {
    String subject = claims.getSubject().getValue();
    if (subject.length() > SessionConfig.MAX_SUBJECT_LENGTH) {
      throw new ApiError(400, "id_token_refused", "the ID token's subject is longer than "
          + SessionConfig.MAX_SUBJECT_LENGTH + " characters");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(AccountCheck.PROVIDER_ATTRIBUTE, config.issuer().toString());
    Set<String> granted = roles.isEmpty() ? Set.of() : roles.get().values(jwtClaims(claims));
    if (!granted.isEmpty()) {
      attributes.put(Principal.ROLES_ATTRIBUTE, Principal.formatRoles(granted));
    }
    String sid = claims.getStringClaim("sid");
    if (sid != null && sid.length() <= 255) {
      attributes.put(SID_ATTRIBUTE, sid);
    }
    try {
      return sessions.create(subject, attributes);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "id_token_refused", "the ID token's subject or roles cannot make a session: "
          + e.getMessage());
    }
  }

  private static JWTClaimsSet jwtClaims(IDTokenClaimsSet claims) {
    try {
      return claims.toJWTClaimsSet();
    } catch (ParseException e) {
      // Made from a JWT's own claims a moment ago, so it always converts back.
      throw new IllegalStateException("ID token claims did not convert back to JWT claims", e);
    }
  }

  /** The provider's error code if it is one of the OAuth vocabulary's shape, else a placeholder: never echoed raw. */
  private static String errorCode(String error) {
    return error.matches("[a-z_]{1,64}") ? error : "unknown error";
  }

  private String flowCookieAttributes(long maxAge) {
    // Path limited to the callback's; SameSite=Lax, so that the top-level redirect back from the provider carries it.
    String path = config.redirectUri().getRawPath() == null || config.redirectUri().getRawPath().isEmpty()
        ? "/" : config.redirectUri().getRawPath();
    return "; Path=" + path + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax" + (cookie.secure() ? "; Secure" : "");
  }

  /** The provider's access tokens of the sessions, for downstream calls (when kept: see the config). */
  public ProviderTokens providerTokens() {
    return tokens;
  }

  /** The RP-initiated logout of the sessions this login creates. */
  public RpLogout logout() {
    return logout;
  }

  /** The back-channel logout endpoint's logic, for the provider's logout notices. */
  public BackChannelLogout backChannelLogout() {
    return backChannel;
  }

  /** Loads the provider's keys now, so that the first login does not wait for them; whether they are usable. */
  public boolean prewarm() {
    return keys.prewarm();
  }

  @Override
  public void close() {
    keys.close();
  }
}
