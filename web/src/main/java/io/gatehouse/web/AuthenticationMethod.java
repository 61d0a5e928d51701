package io.gatehouse.web;

/** How a request proved who it is. */
public enum AuthenticationMethod {

  /** A Gatehouse session token in the session cookie, sent by the browser on its own. */
  SESSION_COOKIE(true),
  /** A Gatehouse session token in {@code Authorization: Bearer}, sent deliberately by the client. */
  SESSION_BEARER(false),
  /** A JWT access token from an OpenID Connect provider in {@code Authorization: Bearer}, sent deliberately. */
  JWT_BEARER(false);

  private final boolean ambient;

  AuthenticationMethod(boolean ambient) {
    this.ambient = ambient;
  }

  /**
   * Whether the browser attaches this credential to requests by itself, including ones another site triggers; such
   * requests need the same-origin guard against cross-site request forgery.
   */
  public boolean isAmbient() {
    return ambient;
  }
}
