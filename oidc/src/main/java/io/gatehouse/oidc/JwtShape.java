package io.gatehouse.oidc;

import io.gatehouse.web.AuthFailure;
import io.gatehouse.web.HttpRequestView;
import java.util.List;
import java.util.Locale;

/**
 * Tells a JWT bearer token from other credentials by shape, without decoding it: {@code Authorization: Bearer} with a
 * token holding exactly two dots. Gatehouse session tokens hold none, so the two links never both claim a token.
 */
final class JwtShape {

  private JwtShape() {}

  /** The bearer token of {@code request} if it has the shape of a JWS in compact form, else why not (undecided). */
  static Candidate read(HttpRequestView request) {
    List<String> authorization = request.headers("Authorization");
    if (authorization.isEmpty()) {
      return new Candidate(null, AuthFailure.NO_CREDENTIALS);
    }
    if (authorization.size() != 1 || authorization.get(0) == null) {
      return new Candidate(null, AuthFailure.MALFORMED);
    }
    String value = authorization.get(0).strip();
    if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return new Candidate(null, AuthFailure.NO_CREDENTIALS);
    }
    // Not BearerToken.parse: a token that looks like a JWT but is too long or holds stray characters is still ours
    // to refuse with a reason, rather than left for a link that cannot read it either.
    String token = value.substring(7).strip();
    return dots(token) == 2 ? new Candidate(token, null) : new Candidate(null, AuthFailure.MALFORMED);
  }

  private static int dots(String token) {
    int count = 0;
    for (int i = 0; i < token.length() && count < 3; i++) {
      if (token.charAt(i) == '.') {
        count++;
      }
    }
    return count;
  }

  /** A JWT-shaped token, or the undecided failure for a request without one. */
  record Candidate(String token, AuthFailure undecided) {}
}
