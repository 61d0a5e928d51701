package io.gatehouse.oidc.login;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import io.gatehouse.oidc.ProviderKeys;
import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.HttpResponseView;
import java.lang.System.Logger.Level;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Back-Channel Logout 1.0: the provider POSTs a signed {@code logout_token} when a user's provider session ends, and
 * the Gatehouse sessions it created are revoked.
 *
 * <p>The token is verified like any JWT by Nimbus's {@link LogoutTokenValidator} (signature by the issuer's cached
 * keys, {@code iss}, {@code aud} = our client id, {@code iat}, the back-channel logout {@code events} member, no
 * {@code nonce}, a {@code jti}, and a {@code sid} or a {@code sub}); it must be at most the configured maximum age
 * old, and its {@code jti} is remembered for that long, so a captured token cannot be replayed. With a {@code sid},
 * the sessions created from that provider session are revoked (if a {@code sub} comes too, only that subject's);
 * with only a {@code sub}, every session of the subject that came from this provider (a local account of the same
 * name keeps its own). Answers 200, or 400 with the reason (503 while the
 * provider's keys cannot be had, so that the provider retries), always with {@code Cache-Control: no-store}.
 */
public final class BackChannelLogout {

  public static final String REFUSED = "the logout token failed verification";
  private static final String JTI_PREFIX = "oidc:jti:";
  private static final int MAX_TOKEN_LENGTH = 8192;
  private static final System.Logger LOG = System.getLogger(BackChannelLogout.class.getName());

  private final OidcLoginConfig config;
  private final SessionStore sessions;
  private final OneTimeValues values;
  private final ProviderSessions providerSessions;
  private final ProviderTokens tokens;
  private final LogoutTokenValidator validator;

  BackChannelLogout(OidcLoginConfig config, SessionStore sessions, OneTimeValues values, ProviderKeys keys,
      ProviderSessions providerSessions, ProviderTokens tokens) {
    this.config = config;
    this.sessions = sessions;
    this.values = values;
    this.providerSessions = providerSessions;
    this.tokens = tokens;
    Set<JWSAlgorithm> algorithms = config.verifier().algorithms().stream().map(JWSAlgorithm::parse)
        .collect(Collectors.toUnmodifiableSet());
    this.validator = new LogoutTokenValidator(new Issuer(config.issuer().toString()), new ClientID(config.clientId()),
        false, new JWSVerificationKeySelector<SecurityContext>(algorithms, keys), null);
    validator.setMaxClockSkew((int) config.verifier().clockSkew().toSeconds());
  }

  /** What a logout notice did. */
  public record Outcome(int revoked) {}

  /**
   * Verifies {@code logoutToken} and revokes the sessions it names.
   *
   * @throws ApiError 400 if the token is missing or fails verification, or was seen before; 503 if the keys
   *     cannot be had
   */
  public Outcome handle(String logoutToken, HttpResponseView response) {
    response.setHeader("Cache-Control", "no-store");
    if (logoutToken == null || logoutToken.isEmpty() || logoutToken.length() > MAX_TOKEN_LENGTH) {
      throw new ApiError(400, "invalid_request", "a logout_token form parameter is required");
    }
    LogoutTokenClaimsSet claims = verify(logoutToken);
    Instant now = config.clock().instant();
    Duration skew = config.verifier().clockSkew();
    Date iat = claims.getIssueTime();
    if (iat == null || iat.toInstant().isBefore(now.minus(config.logoutTokenMaxAge()).minus(skew))) {
      throw new ApiError(400, "invalid_request", REFUSED + ": issued more than "
          + config.logoutTokenMaxAge().toSeconds() + " s ago");
    }
    String jti = claims.getJWTID().getValue();
    if (!values.putIfAbsent(JTI_PREFIX + ProviderSessions.hash(jti), "", config.logoutTokenMaxAge().plus(skew)
        .plus(skew))) {
      throw new ApiError(400, "invalid_request", REFUSED + ": already used (jti seen before)");
    }
    String subject = claims.getSubject() == null ? null : claims.getSubject().getValue();
    int revoked = 0;
    if (claims.getSessionID() != null) {
      for (SessionId id : providerSessions.takeSessions(claims.getSessionID().getValue())) {
        if (subject == null || id.belongsTo(subject)) {
          revoked += sessions.revoke(id) ? 1 : 0;
          tokens.forget(id);
        }
      }
    } else {
      revoked = revokeProviderSessions(subject);
    }
    LOG.log(Level.INFO, "OIDC back-channel logout ({0}): {1} session(s) revoked",
        claims.getSessionID() != null ? "sid" : "sub", revoked);
    return new Outcome(revoked);
  }

  /**
   * Revokes the subject's sessions that came from this provider, and only those: a local account of the same name
   * keeps its own. Bounded by {@link SessionStore#MAX_LIST_LIMIT} sessions per notice.
   */
  private int revokeProviderSessions(String subject) {
    List<Session> live;
    try {
      live = sessions.list(subject, SessionStore.MAX_LIST_LIMIT);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "invalid_request", REFUSED + ": the sub is not a subject Gatehouse keeps");
    }
    int revoked = 0;
    String issuer = config.issuer().toString();
    for (Session session : live) {
      if (issuer.equals(session.attributes().get(AccountCheck.PROVIDER_ATTRIBUTE))) {
        revoked += sessions.revoke(session.id()) ? 1 : 0;
        tokens.forget(session.id());
      }
    }
    return revoked;
  }

  private LogoutTokenClaimsSet verify(String token) {
    try {
      JWT jwt = JWTParser.parse(token);
      return validator.validate(jwt);
    } catch (ParseException e) {
      throw new ApiError(400, "invalid_request", REFUSED + ": not a JWT");
    } catch (KeySourceException e) {
      throw new ApiError(503, "provider_unavailable", "the identity provider's keys cannot be had; retry later");
    } catch (BadJOSEException | JOSEException e) {
      LOG.log(Level.INFO, "OIDC logout token refused: {0}", CodeExchange.reason(e));
      throw new ApiError(400, "invalid_request", REFUSED + ": " + CodeExchange.reason(e));
    }
  }
}
