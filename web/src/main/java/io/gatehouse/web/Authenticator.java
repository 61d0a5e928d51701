package io.gatehouse.web;

import java.util.List;

/**
 * Turns a request into a principal, or says why it cannot. One link of a chain ({@link #chain}): the session
 * authenticator is one link, and a JWT verifier is another, added without touching the first.
 *
 * <p>A link that does not recognise the request's credentials answers {@link AuthFailure#NO_CREDENTIALS} (none it
 * reads) or {@link AuthFailure#MALFORMED} (present, but not in a shape it knows); the chain then asks the next link.
 * A link that recognises them decides: a success, or {@link AuthFailure#UNKNOWN_OR_EXPIRED} or
 * {@link AuthFailure#REVOKED}, and no later link is asked.
 *
 * <p>Implementations are thread-safe and may call their store; adapters call an authenticator at most once per
 * request and keep the answer for the rest of it.
 */
@FunctionalInterface
public interface Authenticator {

  Authentication authenticate(HttpRequestView request);

  /**
   * Asks each authenticator in order, stopping at the first that decides. If none decides, the answer is
   * {@link AuthFailure#MALFORMED} if any link saw credentials it could not read, else
   * {@link AuthFailure#NO_CREDENTIALS}.
   */
  static Authenticator chain(List<? extends Authenticator> links) {
    List<Authenticator> copy = List.copyOf(links);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("an authenticator chain needs at least one link");
    }
    return request -> {
      AuthFailure undecided = AuthFailure.NO_CREDENTIALS;
      for (Authenticator link : copy) {
        Authentication answer = link.authenticate(request);
        if (!(answer instanceof Authentication.Failure failure) || !failure.undecided()) {
          return answer;
        }
        if (failure.reason() == AuthFailure.MALFORMED) {
          undecided = AuthFailure.MALFORMED;
        }
      }
      return Authentication.failure(undecided);
    };
  }
}
