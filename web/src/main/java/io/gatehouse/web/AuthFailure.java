package io.gatehouse.web;

/** Why a request is not authenticated. */
public enum AuthFailure {

  /** The request carries no credentials that any authenticator reads. */
  NO_CREDENTIALS,
  /** The request carries credentials that no authenticator can parse: a garbled header, cookie or token. */
  MALFORMED,
  /**
   * Well-formed credentials that are not valid now: an unknown token, or a session past its idle or absolute
   * timeout. A revoked session is reported here too, since a store forgets what it revoked.
   */
  UNKNOWN_OR_EXPIRED,
  /**
   * Credentials that were valid but have been revoked, where an authenticator can tell: a token it checks itself, or
   * a session whose account is gone or has changed its password (see {@link AccountCheck}).
   */
  REVOKED
}
