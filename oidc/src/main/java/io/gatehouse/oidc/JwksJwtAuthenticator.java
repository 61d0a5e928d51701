package io.gatehouse.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.AuthenticationMethod;
import io.gatehouse.web.HttpRequestView;
import io.gatehouse.web.Principal;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@link JwtAuthenticator} over Nimbus's JWT processor and the issuer's cached key set ({@link JwksKeys}).
 *
 * <p>Cheap checks come first, so a garbled or hostile token costs no key lookup: length, alphabet, parse, algorithm
 * on the allow-list, {@code typ}. Then Nimbus selects a key by {@code kid} among the keys that fit the algorithm
 * (asymmetric only, so an HMAC key is never made from a public key), verifies the signature, and hands the claims to
 * {@link ClaimsCheck}; last, with a session store given, the subject's revoke-all marker ({@link CachedRevocationMarkers}).
 * Each failure maps to one {@link JwtRejection} by exception type, never by message.
 */
final class JwksJwtAuthenticator implements JwtAuthenticator {

  /** Longest token read, as {@code BearerToken} caps the header: no provider issues one near it. */
  static final int MAX_TOKEN_LENGTH = 8192;

  private static final System.Logger LOG = System.getLogger(JwksJwtAuthenticator.class.getName());
  private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  private final JwtVerifierConfig config;
  private final JwksKeys keys;
  private final Set<JWSAlgorithm> algorithms;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Optional<ClaimPath> roles;
  private final Optional<CachedRevocationMarkers> revocations;

  JwksJwtAuthenticator(JwtVerifierConfig config, Optional<CachedRevocationMarkers> revocations) {
    this.config = config;
    this.revocations = revocations;
    this.keys = new JwksKeys(config);
    this.algorithms = config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    // typ is checked before the processor runs (see verify), so that a wrong one has its own reason.
    processor.setJWSTypeVerifier((type, context) -> { });
    processor.setJWTClaimsSetVerifier(new ClaimsCheck(config));
    this.roles = config.rolesClaim().map(ClaimPath::new);
  }

  @Override
  public Authentication authenticate(HttpRequestView request) {
    JwtShape.Candidate candidate = JwtShape.read(request);
    if (candidate.token() == null) {
      return Authentication.failure(candidate.undecided());
    }
    return verify(candidate.token()).toAuthentication();
  }

  @Override
  public JwtVerification verify(String token) {
    try {
      return checked(token);
    } catch (RuntimeException e) {
      // A parser fault on hostile input must not become a 5xx; the class alone is logged, never the token.
      LOG.log(Level.WARNING, "JWT verification failed unexpectedly: " + e.getClass().getName());
      return new JwtVerification.Rejected(JwtRejection.MALFORMED);
    }
  }

  private JwtVerification checked(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH || !COMPACT_JWS.matcher(token).matches()) {
      return rejected(JwtRejection.MALFORMED);
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      return rejected(JwtRejection.MALFORMED);
    }
    if (!(jwt instanceof SignedJWT signed)) {
      // Three parts parse as a JWS or as an unsecured JWT (alg none); the latter is never accepted.
      return rejected(JwtRejection.DISALLOWED_ALGORITHM);
    }
    if (!algorithms.contains(signed.getHeader().getAlgorithm())) {
      return rejected(JwtRejection.DISALLOWED_ALGORITHM);
    }
    if (config.requiredType().isPresent() && !typeMatches(signed.getHeader().getType())) {
      return rejected(JwtRejection.WRONG_TYPE);
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (ClaimsCheck.Rejected e) {
      return rejected(e.reason());
    } catch (BadJWSException e) {
      return rejected(JwtRejection.BAD_SIGNATURE);
    } catch (BadJWTException e) {
      return rejected(JwtRejection.MALFORMED);
    } catch (BadJOSEException e) {
      return rejected(JwtRejection.UNKNOWN_KEY);
    } catch (RateLimitReachedException e) {
      return rejected(JwtRejection.UNKNOWN_KEY);
    } catch (KeySourceException e) {
      return rejected(JwtRejection.KEYS_UNAVAILABLE);
    } catch (JOSEException e) {
      return rejected(JwtRejection.BAD_SIGNATURE);
    }
    String subject = (String) claims.getClaim(config.subjectClaim());
    // Last, so that only a token that is otherwise good costs a look at the marker cache.
    if (revocations.isPresent() && revocations.get().revoked(subject, claims.getIssueTime())) {
      return rejected(JwtRejection.REVOKED);
    }
    Set<String> granted = roles.map(path -> path.values(claims)).orElse(Set.of());
    return new JwtVerification.Verified(
        new Principal(subject, granted, AuthenticationMethod.JWT_BEARER, Optional.empty()));
  }

  private boolean typeMatches(JOSEObjectType type) {
    if (type == null) {
      return false;
    }
    String required = config.requiredType().orElseThrow().toLowerCase(Locale.ROOT);
    String actual = type.getType().toLowerCase(Locale.ROOT);
    // RFC 7515 section 4.1.9: "application/" may be omitted.
    return actual.equals(required) || actual.equals("application/" + required)
        || ("application/" + actual).equals(required);
  }

  private static JwtVerification rejected(JwtRejection reason) {
    return new JwtVerification.Rejected(reason);
  }

  @Override
  public boolean prewarm() {
    return keys.prewarm();
  }

  @Override
  public boolean ready() {
    return keys.status().keysUsable();
  }

  @Override
  public JwksStatus jwksStatus() {
    return keys.status();
  }

  @Override
  public void close() {
    keys.close();
  }

  @Override
  public String toString() {
    return "JwtAuthenticator{" + config + revocations.map(r -> ", " + r).orElse("") + "}";
  }
}
