package io.gatehouse.oidc;

import io.gatehouse.web.AuthFailure;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.Principal;
import java.util.Objects;

/** What {@link JwtAuthenticator#verify} made of a token: {@link Verified} with a principal, or {@link Rejected}. */
public sealed interface JwtVerification {

  /** As an answer of the authenticator chain: a success, or a decided {@link AuthFailure#UNKNOWN_OR_EXPIRED}. */
  Authentication toAuthentication();

  /** The token verified; {@code principal} has the method {@code JWT_BEARER} and no session. */
  record Verified(Principal principal) implements JwtVerification {
    public Verified {
      Objects.requireNonNull(principal, "principal");
    }

    @Override
    public Authentication toAuthentication() {
      return Authentication.success(principal);
    }
  }

  /** The token was refused, for {@code reason}. */
  record Rejected(JwtRejection reason) implements JwtVerification {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Authentication toAuthentication() {
      return Authentication.failure(AuthFailure.UNKNOWN_OR_EXPIRED, reason.description());
    }
  }
}
