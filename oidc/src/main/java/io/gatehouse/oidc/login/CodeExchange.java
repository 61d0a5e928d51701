package io.gatehouse.oidc.login;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.gatehouse.oidc.ProviderKeys;
import io.gatehouse.web.api.ApiError;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The back half of the authorization code flow: sends the code with the PKCE verifier and our client credentials to
 * the token endpoint, and verifies the ID token it answers with (Nimbus's {@link IDTokenValidator}: signature by the
 * issuer's cached keys, {@code iss}, {@code aud} = our client id, {@code azp}, {@code exp}, {@code iat}, and the
 * {@code nonce} we sent). Every failure is a 4xx (the provider's unreachability a 502) with a message that quotes
 * no token, code or secret.
 */
final class CodeExchange {

  static final String CODE_REFUSED = "the identity provider refused the authorization code; start the login again";
  static final String ID_TOKEN_REFUSED = "the identity provider's ID token failed verification; start the login again";

  private static final System.Logger LOG = System.getLogger(CodeExchange.class.getName());

  private final OidcLoginConfig config;
  private final ClientAuthentication clientAuthentication;
  private final IDTokenValidator validator;

  CodeExchange(OidcLoginConfig config, ProviderKeys keys) {
    this.config = config;
    ClientID client = new ClientID(config.clientId());
    Secret secret = new Secret(config.clientSecret());
    this.clientAuthentication = config.clientAuthentication() == OidcLoginConfig.ClientAuthentication.CLIENT_SECRET_POST
        ? new ClientSecretPost(client, secret) : new ClientSecretBasic(client, secret);
    Set<JWSAlgorithm> algorithms = config.verifier().algorithms().stream().map(JWSAlgorithm::parse)
        .collect(Collectors.toUnmodifiableSet());
    this.validator = new IDTokenValidator(new Issuer(config.issuer().toString()), client,
        new JWSVerificationKeySelector<SecurityContext>(algorithms, keys), null);
    validator.setMaxClockSkew((int) config.verifier().clockSkew().toSeconds());
  }

  /** The verified ID token of a finished login, its compact form, and the access and refresh tokens. */
  record Verified(IDTokenClaimsSet claims, String idToken, Tokens tokens) {}

  Verified exchange(URI tokenEndpoint, String code, PendingLogins.Pending pending) {
    TokenResponse response = send(new TokenRequest(tokenEndpoint, clientAuthentication,
        new AuthorizationCodeGrant(new AuthorizationCode(code), config.redirectUri(), pending.verifier())),
        tokenEndpoint);
    if (!response.indicatesSuccess()) {
      TokenErrorResponse error = response.toErrorResponse();
      // The error code is the provider's fixed vocabulary (invalid_grant, ...), safe to log; the description is not.
      LOG.log(Level.INFO, "OIDC token endpoint refused the code: {0}",
          error.getErrorObject() == null ? "no error code" : error.getErrorObject().getCode());
      throw new ApiError(400, "code_refused", CODE_REFUSED);
    }
    // OIDCTokenResponseParser answers an OIDCTokenResponse when the provider sent an id_token, a plain one otherwise.
    OIDCTokens tokens = response.toSuccessResponse() instanceof OIDCTokenResponse oidc ? oidc.getOIDCTokens() : null;
    if (tokens == null || tokens.getIDToken() == null) {
      throw new ApiError(400, "id_token_refused", "the identity provider sent no ID token; is the openid scope "
          + "granted?");
    }
    return new Verified(verify(tokens.getIDToken(), pending), tokens.getIDTokenString(), tokens);
  }

  /**
   * Trades {@code refreshToken} for fresh tokens at the token endpoint.
   *
   * @return the new tokens, or empty if the provider refused the refresh token (its session ended)
   * @throws ApiError 502 if the provider cannot be reached or answers unreadably
   */
  Optional<Tokens> refresh(URI tokenEndpoint, RefreshToken refreshToken) {
    TokenResponse response = send(new TokenRequest(tokenEndpoint, clientAuthentication,
        new RefreshTokenGrant(refreshToken)), tokenEndpoint);
    if (!response.indicatesSuccess()) {
      TokenErrorResponse error = response.toErrorResponse();
      LOG.log(Level.INFO, "OIDC token endpoint refused the refresh token: {0}",
          error.getErrorObject() == null ? "no error code" : error.getErrorObject().getCode());
      return Optional.empty();
    }
    return Optional.of(response.toSuccessResponse().getTokens());
  }

  private TokenResponse send(TokenRequest request, URI tokenEndpoint) {
    HTTPRequest http = request.toHTTPRequest();
    http.setConnectTimeout((int) config.verifier().connectTimeout().toMillis());
    http.setReadTimeout((int) config.verifier().readTimeout().toMillis());
    try {
      return OIDCTokenResponseParser.parse(http.send());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "OIDC token endpoint {0} unreachable: {1}", tokenEndpoint, e.getClass().getName());
      throw new ApiError(502, "provider_unavailable", "the identity provider cannot be reached; try again shortly");
    } catch (ParseException e) {
      LOG.log(Level.WARNING, "OIDC token endpoint {0} answered something that is not a token response",
          tokenEndpoint);
      throw new ApiError(502, "provider_error", "the identity provider answered unreadably");
    }
  }

  private IDTokenClaimsSet verify(JWT idToken, PendingLogins.Pending pending) {
    try {
      return validator.validate(idToken, pending.nonce());
    } catch (BadJWSException e) {
      LOG.log(Level.INFO, "OIDC ID token refused: bad signature or unknown key");
      throw new ApiError(400, "id_token_refused", ID_TOKEN_REFUSED);
    } catch (BadJOSEException | JOSEException e) {
      LOG.log(Level.INFO, "OIDC ID token refused: {0}", reason(e));
      throw new ApiError(400, "id_token_refused", ID_TOKEN_REFUSED);
    }
  }

  /** Nimbus's message up to its first colon: which check failed, without the claim value it may quote after it. */
  static String reason(Exception e) {
    String message = String.valueOf(e.getMessage());
    int colon = message.indexOf(':');
    return colon < 0 ? message : message.substring(0, colon);
  }
}
