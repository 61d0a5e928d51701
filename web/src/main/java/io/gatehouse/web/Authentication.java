package io.gatehouse.web;

import java.util.Objects;
import java.util.Optional;

/** What an {@link Authenticator} made of a request: a {@link Success} with a principal, or a {@link Failure}. */
public sealed interface Authentication {

  /** The principal, if the request is authenticated. */
  default Optional<Principal> authenticated() {
    return this instanceof Success success ? Optional.of(success.principal()) : Optional.empty();
  }

  static Authentication success(Principal principal) {
    return new Success(principal);
  }

  static Authentication failure(AuthFailure reason) {
    return new Failure(reason);
  }

  /** The request is authenticated as {@code principal}. */
  record Success(Principal principal) implements Authentication {
    public Success {
      Objects.requireNonNull(principal, "principal");
    }
  }

  /** The request is not authenticated, for {@code reason}. */
  record Failure(AuthFailure reason) implements Authentication {
    public Failure {
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * Whether another authenticator should still be asked: this one found no credentials it reads, or found
     * credentials in a shape it does not know (a JWT is not a session token), so it has not decided.
     */
    public boolean undecided() {
      return reason == AuthFailure.NO_CREDENTIALS || reason == AuthFailure.MALFORMED;
    }
  }
}
