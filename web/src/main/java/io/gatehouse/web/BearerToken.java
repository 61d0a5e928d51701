package io.gatehouse.web;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the token of an {@code Authorization: Bearer <token>} header as RFC 6750 section 2.1 defines it: the scheme
 * {@code Bearer} in any case, one or more spaces, and a {@code b64token} (letters, digits, {@code -._~+/}, then
 * optional {@code =} padding). Surrounding whitespace is tolerated; anything else is not a bearer token.
 */
public final class BearerToken {

  /** Longest header read; a longer one is not a bearer token (no token Gatehouse issues or verifies is near it). */
  public static final int MAX_HEADER_LENGTH = 8192;

  private static final Pattern CREDENTIALS = Pattern.compile("(?i:bearer) +([A-Za-z0-9\\-._~+/]+=*)");

  private BearerToken() {}

  /**
   * The token of an {@code Authorization} header value, if it is a well-formed bearer credential.
   *
   * @param authorization the header value; {@code null} gives empty
   */
  public static Optional<String> parse(String authorization) {
    if (authorization == null || authorization.length() > MAX_HEADER_LENGTH) {
      return Optional.empty();
    }
    var matcher = CREDENTIALS.matcher(authorization.strip());
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
