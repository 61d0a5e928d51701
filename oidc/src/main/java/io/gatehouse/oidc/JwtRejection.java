package io.gatehouse.oidc;

/**
 * Why a JWT bearer token was rejected. Each has a fixed description, safe to send to the client as the RFC 6750
 * {@code error_description} of an {@code invalid_token} error: it never quotes the token or its claims.
 */
public enum JwtRejection {

  /** Not a JWS in compact form: bad base64url, bad JSON, too long, or an unsigned or encrypted JWT. */
  MALFORMED("the token is not a well-formed signed JWT"),
  /** The header's {@code alg} is not on the allow-list ({@code none} and HMAC never are). */
  DISALLOWED_ALGORITHM("the token's signing algorithm is not accepted"),
  /** No key of the issuer's JWKS has the token's {@code kid} and fits its {@code alg}. */
  UNKNOWN_KEY("the token's signing key is unknown"),
  /** The signature does not verify with the issuer's key. */
  BAD_SIGNATURE("the token's signature is invalid"),
  /** The header's {@code typ} is not the required one. */
  WRONG_TYPE("the token's type is not accepted"),
  /** {@code iss} is missing or not the configured issuer. */
  WRONG_ISSUER("the token was issued by another issuer"),
  /** {@code aud} is missing or names none of the configured audiences. */
  WRONG_AUDIENCE("the token is meant for another audience"),
  /** {@code exp} is missing or in the past, beyond the clock skew. */
  EXPIRED("the token expired"),
  /** {@code nbf} or {@code iat} is in the future, beyond the clock skew. */
  NOT_YET_VALID("the token is not yet valid"),
  /** The subject claim is missing or not a non-empty string. */
  NO_SUBJECT("the token names no subject"),
  /** A required scope is not granted in {@code scope} or {@code scp}. */
  INSUFFICIENT_SCOPE("the token lacks a required scope"),
  /** The subject's sessions and tokens were revoked (revoke-all) after the token's {@code iat}. */
  REVOKED("token revoked"),
  /** The issuer's keys could not be fetched and none are cached: the provider is unreachable. */
  KEYS_UNAVAILABLE("the issuer's signing keys are unavailable");

  private final String description;

  JwtRejection(String description) {
    this.description = description;
  }

  /** For the client, as RFC 6750 {@code error_description}: printable ASCII without quotes or backslashes. */
  public String description() {
    return description;
  }
}
