package io.gatehouse.oidc;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks the claims of a token whose signature has verified: issuer, audience, {@code exp}, {@code nbf} and
 * {@code iat} against the configured clock with the skew, the subject and the required scopes. Ours rather than
 * Nimbus's {@code DefaultJWTClaimsVerifier}, which reads the system clock and tells its reasons apart only by message.
 */
final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {

  private final JwtVerifierConfig config;
  private final ClaimPath scp = new ClaimPath("scp");
  private final ClaimPath scope = new ClaimPath("scope");

  ClaimsCheck(JwtVerifierConfig config) {
    this.config = config;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    if (!config.issuer().toString().equals(claims.getIssuer())) {
      throw new Rejected(JwtRejection.WRONG_ISSUER);
    }
    List<String> audience = claims.getAudience();
    if (audience.stream().noneMatch(config.audiences()::contains)) {
      throw new Rejected(JwtRejection.WRONG_AUDIENCE);
    }
    Instant now = config.clock().instant();
    long skew = config.clockSkew().toMillis();
    Date exp = claims.getExpirationTime();
    if (exp == null || now.toEpochMilli() >= exp.getTime() + skew) {
      throw new Rejected(JwtRejection.EXPIRED);
    }
    Date nbf = claims.getNotBeforeTime();
    Date iat = claims.getIssueTime();
    if ((nbf != null && nbf.getTime() > now.toEpochMilli() + skew)
        || (iat != null && iat.getTime() > now.toEpochMilli() + skew)) {
      throw new Rejected(JwtRejection.NOT_YET_VALID);
    }
    if (!(claims.getClaim(config.subjectClaim()) instanceof String subject) || subject.isEmpty()) {
      throw new Rejected(JwtRejection.NO_SUBJECT);
    }
    if (!config.requiredScopes().isEmpty()) {
      Set<String> granted = scope.values(claims);
      granted.addAll(scp.values(claims));
      if (!granted.containsAll(config.requiredScopes())) {
        throw new Rejected(JwtRejection.INSUFFICIENT_SCOPE);
      }
    }
  }

  /** A claim refused, with the reason; no stack trace, since it is an answer, not a fault. */
  static final class Rejected extends BadJWTException {

    private static final long serialVersionUID = 1L;

    private final JwtRejection reason;

    Rejected(JwtRejection reason) {
      super(reason.description());
      this.reason = reason;
    }

    JwtRejection reason() {
      return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
