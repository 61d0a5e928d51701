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

  /**
   * A failure with an RFC 6750 {@code error_description} that an adapter may send in
   * {@code WWW-Authenticate: Bearer error="invalid_token", error_description="..."}.
   */
  static Authentication failure(AuthFailure reason, String description) {
    return new Failure(reason, Optional.of(description));
  }

  /** The request is authenticated as {@code principal}. */
  record Success(Principal principal) implements Authentication {
    public Success {
      Objects.requireNonNull(principal, "principal");
    }
  }

  /**
   * The request is not authenticated, for {@code reason}.
   *
   * @param reason why
   * @param description for people, safe to send to the client as an RFC 6750 {@code error_description}: printable
   *     ASCII without {@code "} or {@code \}; empty when the authenticator gives none. Never holds the credentials.
   */
  record Failure(AuthFailure reason, Optional<String> description) implements Authentication {
    public Failure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(description, "description");
      description.ifPresent(Failure::checkDescription);
    }

    /** A failure without a description. */
    public Failure(AuthFailure reason) {
      this(reason, Optional.empty());
    }

    private static void checkDescription(String text) {
      // RFC 6750 section 3: error_description = 1*( %x20-21 / %x23-5B / %x5D-7E )
      boolean valid = !text.isEmpty()
          && text.chars().allMatch(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\');
      if (!valid) {
        throw new IllegalArgumentException("description must be printable ASCII without '\"' or '\\', got \""
            + text + "\"");
      }
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
