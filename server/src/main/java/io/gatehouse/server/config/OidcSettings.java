package io.gatehouse.server.config;

import io.gatehouse.oidc.JwtVerifierConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of JWT bearer authentication, present when {@code OIDC_ISSUER} is set: how tokens are
 * verified ({@code OIDC_ISSUER}, {@code OIDC_AUDIENCE}, {@code OIDC_ROLES_CLAIM}, {@code OIDC_ALGORITHMS},
 * {@code OIDC_CLOCK_SKEW}, {@code OIDC_SUBJECT_CLAIM}, {@code OIDC_REQUIRED_TYPE}, {@code OIDC_REQUIRED_SCOPES},
 * {@code OIDC_JWKS_REFRESH}, {@code OIDC_JWKS_OUTAGE_TOLERANCE}) and whether the server reports ready before the
 * provider's keys are loaded ({@code OIDC_START_WITHOUT_KEYS}).
 *
 * @param verifier how tokens are verified, checked when it was built
 * @param startWithoutKeys whether readiness ignores the keys; by default the server is not ready until they load
 */
public record OidcSettings(JwtVerifierConfig verifier, boolean startWithoutKeys) {

  public static final boolean DEFAULT_START_WITHOUT_KEYS = false;
  /** The shortest key cache time: longer than the background refresh's lead (30 s) and the refetch interval. */
  public static final Duration MIN_JWKS_REFRESH = Duration.ofMinutes(1);
  public static final Duration MAX_JWKS_REFRESH = Duration.ofDays(1);

  public OidcSettings {
    Objects.requireNonNull(verifier, "verifier");
  }
}
